"""The dashboard says what its numbers count: the cards count items found by the scope's
unions by the outcome they reached (closed-out ones included), the table every visible
item by its current status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,card,table", [
    ("en", "resolved in all (incl. closed out)", "Items by current status and kind"),
    ("zh-hans", "累计办结（含已销号）", "按当前状态和类型统计事项"),
])
def test_cards_and_table_are_labelled_apart(client, tree, language, card, table):
    client.force_login(UserFactory(union=tree.county, language=language))
    html = client.get(reverse("dashboard")).content.decode()
    assert card in html and table in html
    assert 'id="figures-note"' in html and 'id="status-note"' in html
    if language == "zh-hans":
        assert "累计提交反映（含已销号）" in html and "下表按事项的当前状态计数" in html
