"""The menu of base.html is kept per role, page and language ({% nav_menu %}): each
user still sees their own role's menu, the current page marked, in their language."""

import re

import pytest
from django.urls import reverse

from gonghui.accounts.models import Role

from ..factories import UserFactory


def _menu(html: str) -> str:
    return html[html.index('<ul class="navbar-nav me-auto">'):html.index('<span class="navbar-text')]


@pytest.mark.django_db
def test_menu_follows_role_page_and_language(client, tree):
    officer = UserFactory(username="menu_officer", role=Role.OFFICER, union=tree.county)
    admin = UserFactory(username="menu_admin", role=Role.ADMIN, union=tree.county)
    leader = UserFactory(username="menu_leader", role=Role.LEADER, union=tree.county,
                         language="zh-hans")
    audit_link = reverse("audit:list")

    client.force_login(officer)
    on_items = _menu(client.get(reverse("item_list")).content.decode())
    assert re.search(r'class="nav-link active" href="/items/">Service list<', on_items)
    assert 'href="/visits/new/">New visit<' in on_items and audit_link not in on_items
    on_visits = _menu(client.get(reverse("visit_list")).content.decode())
    assert re.search(r'class="nav-link active" href="/visits/">Visits<', on_visits)
    assert 'class="nav-link active" href="/items/"' not in on_visits

    client.force_login(admin)  # the same page, another role: the admin's links
    admin_menu = _menu(client.get(reverse("item_list")).content.decode())
    assert f'href="{audit_link}">Operation and login logs<' in admin_menu
    assert 'href="/visits/new/"' not in admin_menu

    client.force_login(leader)  # the leader's language
    chinese = _menu(client.get(reverse("item_list")).content.decode())
    assert re.search(r'class="nav-link active" href="/items/">服务清单<', chinese)
    assert ">工作台<" in chinese and 'href="/visits/new/"' not in chinese
