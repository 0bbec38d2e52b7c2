"""Chinese by default, English complete, switchable per user."""

from pathlib import Path

import polib

from gonghui.accounts.models import User

PO = Path(__file__).parents[2] / "src/gonghui/locale/zh_Hans/LC_MESSAGES/django.po"


def test_pages_are_chinese_by_default_and_english_after_the_switch(client, people):
    officer = people.officer
    User.objects.filter(pk=officer.pk).update(language="zh-hans")
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert "工作台" in page and "退出登录" in page

    response = client.post("/language/", {"language": "en", "next": "/items/"})
    assert response.status_code == 302 and response["Location"] == "/items/"
    officer.refresh_from_db()
    assert officer.language == "en"
    page = client.get("/").content.decode()
    assert "Dashboard" in page and "工作台" not in page


def test_unknown_language_is_ignored_and_foreign_redirects_refused(client, people):
    client.force_login(people.officer)
    response = client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    people.officer.refresh_from_db()
    assert people.officer.language == "en"


def test_every_message_has_a_chinese_translation():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert po.percent_translated() == 100
