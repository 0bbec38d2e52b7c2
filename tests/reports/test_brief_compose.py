"""How the brief is put together from figures (no database)."""

import datetime as dt

from gonghui.core.reports import Report
from gonghui.pairing.selectors import pairing_brief
from gonghui.reports.brief import compose_brief
from gonghui.reports.periods import Period

ZERO_SERVICES = {
    "visits": 0, "items": 0, "enterprises_visited": 0, "households_visited": 0,
    "difficulty_person_times": 0, "needs": 0, "resolved": 0, "escalated": 0,
}  # fmt: skip
PAIRING = Report("pairing", "Pairing", lambda *a, **k: {}, {"trips_sent": "t"}, brief=pairing_brief)
FIGURES = {
    "pairings": 1, "delegations": 0, "volunteers": 0, "aid_cash_cny": 0,
    "aid_goods_value_cny": 0, "bases": 0, "platforms": 0, "mechanisms": 0,
    "training_sessions": 0, "trainees": 0, "purchases_cny": 0, "trips_sent": 2,
    "workers_sent": 8, "trips_received": 1, "workers_received": 4,
}  # fmt: skip


def test_a_union_with_only_pairing_work_starts_with_it_not_with_zeros():
    text = compose_brief(
        "镇海区总工会", Period(), dt.date(2026, 11, 29), ZERO_SERVICES, [], [(PAIRING, FIGURES)]
    )
    assert text == "目前，镇海区总工会结对帮扶1对，互送职工疗休养：派出2批8人、接待1批4人。"
    # The period stays (fresh-eyes finding: it was dropped with the services sentence).
    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    text = compose_brief("镇海区总工会", november, dt.date(2026, 12, 5), ZERO_SERVICES, [],
                         [(PAIRING, FIGURES)])
    assert text.startswith("2026年11月1日至2026年11月30日，镇海区总工会结对帮扶1对，")


def test_a_union_with_nothing_gets_the_sentence_of_zeros():
    text = compose_brief("镇海区总工会", Period(), dt.date(2026, 11, 29), ZERO_SERVICES, [], [])
    assert "已走访企业0家" in text
