"""The widgets that write their HTML in Python (core.forms) write exactly Django's."""

from django import forms

from gonghui.core.forms import FastCheckboxSelectMultiple, FastSelect

GROUPED = [("", "---------"), ("企业 <&>", [("e:1", "甲&乙"), ("e:2", "丙")]),
           ("Unions", [("u:3", 'D"x')]), (4, "plain"), (None, "none")]


def test_fast_select_writes_djangos_html_with_and_without_optgroups():
    attrs = {"class": "form-select", "hx-get": "/x?a=1&b", "disabled": False}
    for choices in (GROUPED, [("", "any"), ("a", "A"), ("b", "B<")]):
        for value in ("e:2", "", None, "u:3", "4", "b", "nothing"):
            django_html = forms.Select(choices=choices, attrs=attrs).render(
                "target", value, attrs={"id": "id_target", "required": True})
            ours = FastSelect(choices=choices, attrs=attrs).render(
                "target", value, attrs={"id": "id_target", "required": True})
            assert ours == django_html, (choices, value)
    html = FastSelect(choices=GROUPED).render("t", "e:2")
    assert '<optgroup label="企业 &lt;&amp;&gt;">' in html
    assert '<option value="e:2" selected>丙</option>' in html


def test_fast_checkboxes_write_djangos_boxes():
    choices = [(1, "a<b"), (2, "c"), (3, "d")]

    def form(widget):
        class F(forms.Form):
            v = forms.MultipleChoiceField(choices=choices, widget=widget(
                attrs={"class": "form-check-input"}))
        return F

    for initial in ([1], [], [1, 3]):
        theirs = form(forms.CheckboxSelectMultiple)(initial={"v": initial})["v"]
        ours = form(FastCheckboxSelectMultiple)(initial={"v": initial})["v"]
        assert [str(b.tag()) for b in ours] == [str(b.tag()) for b in theirs]
        assert [str(b) for b in ours] == [str(b) for b in theirs]  # labels wrapped
        assert str(ours) == str(theirs)
    box = next(iter(form(FastCheckboxSelectMultiple)(initial={"v": [1]})["v"]))
    assert str(box.tag()) == (
        '<input type="checkbox" name="v" value="1" class="form-check-input" id="id_v_0" checked>')


def test_fast_form_renderer_writes_djangos_inputs_and_textareas():
    """Each plain input type and the textarea, bound and unbound, with text to escape,
    safe text, numbers, dates, booleans and lazy labels: byte for byte Django's."""
    import datetime as dt

    from django.forms.renderers import DjangoTemplates
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from gonghui.core.forms import FastFormRenderer

    class F(forms.Form):
        text = forms.CharField(max_length=10, widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Text"), "data-x": '"q"&', "hidden": True,
                   "off": False}))
        number = forms.IntegerField(min_value=1, max_value=9)
        email = forms.EmailField(required=False)
        hidden = forms.IntegerField(widget=forms.HiddenInput)
        date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"},
                                                      format="%Y-%m-%d"))
        when = forms.DateTimeField(required=False)
        secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
        box = forms.BooleanField(required=False)
        note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
        url = forms.URLField(required=False)

    data_sets = [
        None,
        {"text": "<b>&'\"", "number": "3", "hidden": "7", "date": "2026-03-02",
         "secret": "x<y", "box": "on", "note": "line 1\n<i>line 2</i> & 3", "url": "x"},
        {"text": "", "number": "abc", "note": ""},
    ]
    initial = {"text": mark_safe("<safe>"), "number": 4, "date": dt.date(2026, 3, 2),
               "when": dt.datetime(2026, 3, 2, 9, 30), "box": True, "note": "初始 <x>"}
    for data in data_sets:
        ours = F(data, initial=initial, renderer=FastFormRenderer())
        theirs = F(data, initial=initial, renderer=DjangoTemplates())
        for name in F.base_fields:
            assert str(ours[name]) == str(theirs[name]), name
        assert str(ours) == str(theirs)
