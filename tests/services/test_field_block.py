"""``{% field_block %}`` (services/templatetags/services_fields.py) writes what the include
of ``services/_field.html`` writes, for every field of the services forms: unbound,
bound with errors, with help text, required or not, in both languages."""

import pytest
from django.template import engines
from django.utils import translation

from gonghui.services.forms import ACTION_FORMS, BulkForm, ItemFilterForm, ItemForm, VisitForm
from gonghui.services.models import Item
from gonghui.services.templatetags.services_fields import field_block

from .helpers import register, walk

pytestmark = pytest.mark.django_db

INCLUDE = engines["django"].from_string('{% include "services/_field.html" with field=f %}')


def _forms(people, tree, category, unit):
    item = walk(register(people, tree, category), Item.Status.IN_PROGRESS, people, unit)
    officer, reviewer = people.officer, people.reviewer
    yield ItemFilterForm(None, user=officer)
    # invalid values: errors on the text, status and unit fields
    bad = ItemFilterForm({"q": "x" * 101, "status": "nope", "unit": "999999", "overdue": "on",
                          "sort": "deadline"}, user=officer)
    bad.is_valid()
    yield bad
    yield BulkForm(user=reviewer, auto_id="id_bulk_%s")
    yield BulkForm({"action": "assign"}, user=reviewer)
    yield ItemForm(prefix="items-0")
    yield ItemForm({"items-0-subject": "<b>"}, prefix="items-0")
    yield VisitForm(user=officer)  # its visitors are boxes: left to the template
    for name, form_class in ACTION_FORMS.items():
        yield form_class(initial={"version": item.version}, user=reviewer, item=item,
                         auto_id=f"id_{name}_%s")
        yield form_class({"version": "x"}, user=reviewer, item=item)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_field_block_writes_the_templates_html(people, tree, category, unit, language):
    seen = {"errors": 0, "help": 0, "checkbox": 0, "required": 0}
    with translation.override(language):
        for form in _forms(people, tree, category, unit):
            for field in form:  # hidden ones too (visit_form.html includes them)
                expected = INCLUDE.render({"f": field})
                assert field_block(field) == expected, (type(form).__name__, field.name)
                seen["errors"] += bool(field.errors)
                seen["help"] += bool(field.help_text)
                seen["checkbox"] += field.widget_type == "checkbox"
                seen["required"] += field.field.required
    assert all(seen.values()), seen  # every branch of the template was compared
