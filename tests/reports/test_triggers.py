"""The summary triggers survive later migrations (a SQLite table rebuild drops them)."""

import datetime as dt

import pytest
from django.db import connection

from gonghui.reports.models import SummaryDirty
from gonghui.reports.summary import refresh
from gonghui.reports.triggers import EXPECTED as BY_MIGRATION
from gonghui.reports.triggers import ensure_triggers, installed

from ..factories import ItemFactory, ResponsibleUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)
EXPECTED = sum(BY_MIGRATION.values())  # 8


def test_every_trigger_is_installed_after_migrate():
    # services 0008 adds a field to services_item after reports 0002 created the triggers;
    # on SQLite that rebuilds the table and dropped them until post_migrate put them back
    assert installed(connection) == EXPECTED
    assert ensure_triggers() is False


def test_a_lost_trigger_is_recreated_and_everything_marked(tree, category):
    refresh()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER reports_dirty_services_item_ins ON services_item")
        else:
            cursor.execute("DROP TRIGGER reports_dirty_services_item_ins")
    assert installed(connection) == EXPECTED - 1
    assert ensure_triggers() is True
    assert installed(connection) == EXPECTED
    # the writes made while it was missing were not marked: everything is rebuilt
    assert SummaryDirty.objects.filter(union_id__isnull=True).exists()
    refresh()
    ItemFactory(union=tree.wukang, found_on=dt.date(2026, 3, 5), category=category)
    assert set(SummaryDirty.objects.values_list("union_id", "month")) == {
        (tree.wukang.pk, dt.date(2026, 3, 1))}


def test_a_responsible_unit_moved_to_another_union_marks_everything(tree):
    """The ``x`` tallies depend on the union of an item's responsible unit."""
    unit = ResponsibleUnitFactory(name="新市镇总工会", kind="union", union=tree.xinshi, owner=tree.county)
    refresh()
    unit.name = "新市镇工会"
    unit.save()
    assert not SummaryDirty.objects.exists()
    unit.union = tree.wukang
    unit.save()
    assert SummaryDirty.objects.filter(union_id__isnull=True).exists()


def test_a_lost_unit_trigger_is_recreated(tree):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER reports_dirty_unit_moved ON orgs_responsibleunit")
        else:
            cursor.execute("DROP TRIGGER reports_dirty_unit_moved")
    assert ensure_triggers() is True
    assert installed(connection) == EXPECTED
