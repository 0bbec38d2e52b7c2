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
