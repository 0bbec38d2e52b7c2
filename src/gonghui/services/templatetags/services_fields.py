"""``{% field_block field %}``: a form field with its label, errors and help text, the
HTML of ``services/_field.html`` written in Python.

The include of ``_field.html`` cost the template engine ~0.3 ms a field (some 15
variables and tags); the item list's filter has ten fields. The output is byte for
byte the template's (tests/services/test_field_block.py renders both for every field
of the services forms); a field of checkboxes (``CheckboxSelectMultiple``) is still
rendered by the template. Everything is escaped with ``conditional_escape``, as the
template's autoescape does. Change the two together."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: Widgets the template writes as a list of boxes (left to it).
BOX_LISTS = ("checkboxselectmultiple", "fastcheckboxselectmultiple")


@register.simple_tag
def field_block(field) -> SafeString:
    """The ``<div class="mb-3">`` block of the bound ``field``, as ``_field.html``."""
    widget_type = field.widget_type
    if widget_type in BOX_LISTS:
        return render_to_string("services/_field.html", {"field": field})
    errors = field.errors
    label = esc(field.label)
    if widget_type == "checkbox":
        body = (f'\n  <div class="form-check">{esc(field)} <label class="form-check-label" '
                f'for="{esc(field.id_for_label)}">{label}</label></div>\n')
    else:
        required = (' <span class="text-danger" aria-hidden="true">*</span>'
                    if field.field.required else "")
        body = (f'\n  <label class="form-label" for="{esc(field.id_for_label)}">{label}'
                f"{required}</label>\n  {esc(field)}\n")
    error_html = "".join(
        f'<div class="invalid-feedback d-block" id="{esc(field.auto_id)}_error">'
        f"{label}: {esc(error)}</div>" for error in errors)
    help_text = field.help_text
    help_html = f'<div class="form-text">{esc(help_text)}</div>' if help_text else ""
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<div class="mb-3{" has-error" if errors else ""}">\n{body}\n{error_html}\n'
        f"{help_html}\n</div>\n")
