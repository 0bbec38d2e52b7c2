"""Helpers shared by the pages of every module."""

from django import forms
from django.contrib import messages
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.choices import BaseChoiceIterator


def form_errors_to_messages(request: HttpRequest, form) -> None:
    """Show each field's errors of an invalid ``form`` as one error message, prefixed by
    the field's label (for small forms that post and redirect instead of re-rendering)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def apply_form(request: HttpRequest, form, action, success_message, *, inline: bool = False,
               **kwargs) -> bool:
    """The post step of a small form: when ``form`` is valid, call
    ``action(**kwargs, **form.cleaned_data)`` (a domain service) and show
    ``success_message``. A ``DomainError`` it raises, or the form's field errors, become
    error messages instead (for a view that redirects), or with ``inline`` stay on the
    form (the ``DomainError`` as a non-field error) for a view that re-renders it with
    the input kept. Returns True when the action ran without error."""
    from django.utils.translation import gettext as _

    from gonghui.core.errors import DomainError

    if not form.is_valid():
        if inline:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
        else:
            form_errors_to_messages(request, form)
        return False
    try:
        action(**kwargs, **form.cleaned_data)
    except DomainError as err:
        if inline:
            form.add_error(None, str(err))
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
        else:
            messages.error(request, str(err))
        return False
    messages.success(request, success_message)
    return True


def _attrs_html(attrs: dict) -> str:
    """Django's ``attrs.html``: `` name="value"`` per attribute, bare for True, none for
    False."""
    from django.utils.html import conditional_escape

    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


class FastSelect(forms.Select):
    """A single ``Select`` that writes its HTML in Python: byte for byte what Django's
    ``select.html`` and ``select_option.html`` write (optgroups included), without a
    template include and an option dict per ``<option>`` (about 30 µs each: the item
    list's responsible units at province level run to thousands of options; the visit
    form's targets to hundreds). A multiple select falls back to Django's rendering."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        """The ``<select>`` element (a SafeString), as Django's templates render it."""
        from django.utils.html import conditional_escape
        from django.utils.safestring import mark_safe

        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        choices = [choice for choice in self.choices]  # noqa: C416 (list() asks len())
        final_attrs = self.build_attrs(self.attrs, attrs)
        wanted = set(self.format_value(value))
        parts = [f'<select name="{conditional_escape(name)}"{_attrs_html(final_attrs)}>']
        found = False

        def option(option_value, label) -> None:
            nonlocal found
            text = str(option_value)
            selected = not found and text in wanted
            found = found or selected
            parts.append(
                f'\n  <option value="{conditional_escape(text)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>\n"
            )

        for option_value, label in choices:
            if option_value is None:
                option_value = ""
            if isinstance(label, list | tuple):  # an optgroup: (name, [(value, label), ...])
                parts.append(f'\n  <optgroup label="{conditional_escape(option_value)}">')
                for sub_value, sub_label in label:
                    option(sub_value, sub_label)
                parts.append("\n  </optgroup>")
            else:
                option(option_value, label)
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's ``CheckboxSelectMultiple`` whose boxes, when a template writes them one
    by one (``{% for box in field %}{{ box.tag }}``), are written in Python: the same
    HTML as Django's ``input_option.html`` without a template render per box (a visit's
    visitors are every active user of the scope, a hundred or more)."""

    def _render(self, template_name, context, renderer=None):
        widget = context.get("widget", {})
        if template_name != self.option_template_name or widget.get("wrap_label"):
            return super()._render(template_name, context, renderer)
        from django.utils.html import conditional_escape
        from django.utils.safestring import mark_safe

        value = widget.get("value")
        value_html = "" if value is None else f' value="{conditional_escape(str(value))}"'
        return mark_safe(
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{value_html}'
            f'{_attrs_html(widget.get("attrs", {}))}>'
        )


class ListModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Django's ``ModelChoiceIterator`` without ``.iterator()``: the choices are read
    with one plain query instead of a server-side cursor (on PostgreSQL a ``DECLARE
    ... WITH HOLD``, a ``FETCH`` and a ``CLOSE``: three round trips for a short list)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self) -> int:
        """From the rows read (no ``COUNT`` query, unlike Django's)."""
        return len(self.queryset) + (self.field.empty_label is not None)


class LazyChoices(BaseChoiceIterator):
    """A field's choices read by ``load()`` (a function returning the list of choices)
    when first iterated, and kept: a form that is not rendered reads nothing, and a
    rendered one reads once (a ``Select`` iterates its choices twice: for its
    ``required`` attribute, then for the options). Assign it to ``field.choices``."""

    def __init__(self, load):
        self.load = load
        self.loaded: list | None = None

    def __iter__(self):
        if self.loaded is None:
            self.loaded = list(self.load())
        return iter(self.loaded)


class FastModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` rendered by :class:`FastSelect` whose choices are read in
    one plain query (:class:`ListModelChoiceIterator`): for filter forms with long
    lists of units or teams."""

    iterator = ListModelChoiceIterator
    widget = FastSelect


class FastFormRenderer(DjangoTemplates):
    """Django's default form renderer (``FORM_RENDERER``), except that the plain
    ``<input>`` and ``<textarea>`` widget templates are written in Python: the same
    HTML as ``django/forms/widgets/input.html`` (and the templates that only include
    it) and ``textarea.html``, without a template render per field (~1 ms each; an item
    page has a dozen fields in its action forms). Every other template (forms, labels,
    selects, file inputs, ...) is rendered by the templates as before."""

    INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{name}.html" for name in (
        "input", "text", "number", "email", "url", "password", "hidden", "date",
        "datetime", "time", "search", "tel", "color", "checkbox"))
    TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"

    def render(self, template_name, context, request=None):
        from django.utils.html import conditional_escape as esc
        from django.utils.safestring import SafeData, mark_safe

        if template_name in self.INPUT_TEMPLATES:
            w = context["widget"]
            value = w["value"]
            value_html = "" if value is None else (
                f' value="{esc(value if isinstance(value, SafeData) else str(value))}"')
            return mark_safe(f'<input type="{esc(w["type"])}" name="{esc(w["name"])}"'
                             f'{value_html}{_attrs_html(w["attrs"])}>')
        if template_name == self.TEXTAREA_TEMPLATE:
            w = context["widget"]
            text = esc(w["value"]) if w["value"] else ""
            return mark_safe(f'<textarea name="{esc(w["name"])}"{_attrs_html(w["attrs"])}>\n'
                             f"{text}</textarea>")
        return super().render(template_name, context, request)
