"""Shared fixtures: a small union tree (county with two towns) and named users."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from gonghui.accounts.models import Role
from gonghui.orgs.models import Union

from .factories import CategoryFactory, ResponsibleUnitFactory, UserFactory, add_union


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploaded files (evidence, the demo's receipts) go to a temporary folder of the
    test session, never to ``var/media``."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Test users are created with a password: hash it cheaply (PBKDF2 costs ~0.1 s)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Tests read messages in English (the msgids) unless a test asks for Chinese:
    the default language is zh-hans, and test users are created with language "en"."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    """德清县总工会 with towns 武康街道总工会 and 新市镇总工会, and one more county."""
    county = add_union("德清县总工会", level=Union.Level.COUNTY)
    wukang = add_union("武康街道总工会", county, level=Union.Level.TOWN)
    xinshi = add_union("新市镇总工会", county, level=Union.Level.TOWN)
    other = add_union("长兴县总工会", level=Union.Level.COUNTY)
    return SimpleNamespace(
        county=Union.objects.get(pk=county.pk),
        wukang=Union.objects.get(pk=wukang.pk),
        xinshi=Union.objects.get(pk=xinshi.pk),
        other=Union.objects.get(pk=other.pk),
    )


@pytest.fixture
def people(tree):
    """Named users: one per role at the county, an officer and a reviewer per town."""
    return SimpleNamespace(
        officer=UserFactory(username="county_officer", role=Role.OFFICER, union=tree.county),
        reviewer=UserFactory(username="county_reviewer", role=Role.REVIEWER, union=tree.county),
        leader=UserFactory(username="county_leader", role=Role.LEADER, union=tree.county),
        admin=UserFactory(username="county_admin", role=Role.ADMIN, union=tree.county),
        wukang_officer=UserFactory(username="wukang_officer", role=Role.OFFICER, union=tree.wukang),
        wukang_reviewer=UserFactory(
            username="wukang_reviewer", role=Role.REVIEWER, union=tree.wukang
        ),
        xinshi_officer=UserFactory(username="xinshi_officer", role=Role.OFFICER, union=tree.xinshi),
        other_officer=UserFactory(username="other_officer", role=Role.OFFICER, union=tree.other),
    )


@pytest.fixture
def category(db):
    return CategoryFactory(name="民生服务")


@pytest.fixture
def unit(tree):
    """A responsible unit kept by the county: the county HR bureau."""
    return ResponsibleUnitFactory(name="德清县人力社保局", owner=tree.county)
