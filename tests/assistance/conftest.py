"""Fixtures of the assistance tests: regions with a subsistence line of 1,000 CNY in 2024."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from gonghui.assistance import services
from gonghui.orgs.models import Region, Union

from ..factories import make_id_number

LINE = Decimal("1000.00")


@pytest.fixture
def regions(tree):
    """德清县 (line 1,000 CNY in 2019 and 2024-2026) with 武康街道 and 新市镇 below it."""
    county = Region.objects.create(code="330521", name="德清县", level=Region.Level.COUNTY)
    wukang = Region.objects.create(
        code="330521001", name="武康街道", level=Region.Level.TOWN, parent=county
    )
    xinshi = Region.objects.create(
        code="330521101", name="新市镇", level=Region.Level.TOWN, parent=county
    )
    Union.objects.filter(pk=tree.county.pk).update(region=county)
    Union.objects.filter(pk=tree.wukang.pk).update(region=wukang)
    Union.objects.filter(pk=tree.xinshi.pk).update(region=xinshi)
    for year in (2019, 2024, 2025, 2026):
        services.subsistence_line_set(actor=None, region=county, year=year, amount=LINE)
    tree.county.refresh_from_db()
    tree.wukang.refresh_from_db()
    tree.xinshi.refresh_from_db()
    return SimpleNamespace(county=county, wukang=wukang, xinshi=xinshi)


def register(actor, union, *, id_number=None, yearly="24000", size=2, **extra):
    """A file with per-capita income yearly/12/size (default 1,000.00 = 1x the line)."""
    extra.setdefault("applied_on", dt.date(2024, 3, 1))
    return services.file_register(
        actor=actor,
        union=union,
        head_name=extra.pop("head_name", "林秀英"),
        head_id_number=id_number or make_id_number(),
        primary_cause=extra.pop("primary_cause", "illness"),
        household_size=size,
        yearly_income=Decimal(yearly),
        **extra,
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The named users are created per test: hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
