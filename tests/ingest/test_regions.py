"""Regions named in a text, matched to the regions table (kept per process, rebuilt when
the table changes)."""

from __future__ import annotations

import pytest

from gonghui.ingest.entities import find_regions
from gonghui.orgs.models import Region


@pytest.mark.django_db
def test_regions_by_full_and_short_names_and_a_new_region_is_seen_at_once():
    Region.objects.create(code="330521", name="德清县", level="county")
    Region.objects.create(code="422800", name="恩施土家族苗族自治州", level="prefecture")
    text = "德清县总工会与恩施州总工会签订协议，德清的企业……"
    found = [(r.name, r.code) for r in find_regions(text)]
    assert found == [("恩施州", "422800"), ("德清县", "330521")]
    Region.objects.create(code="330500", name="湖州市", level="city")
    assert [r.code for r in find_regions("湖州市总工会")] == ["330500"]
