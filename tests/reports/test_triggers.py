"""The summary triggers survive later migrations (a SQLite table rebuild drops them)."""

import datetime as dt

import pytest
from django.db import connection

from gonghui.reports.models import SummaryDirty
from gonghui.reports.summary import refresh
from gonghui.reports.triggers import EXPECTED, ensure_triggers, installed

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


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
