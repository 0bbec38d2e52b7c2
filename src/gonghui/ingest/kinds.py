"""The kind of work an article reports, by weighted cue words (the vocabulary of
union news: 三服务 visits, pairing delegations, agreements, competitions, culture
events, blood drives, meetings, craftsman services, commemorations)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KINDS: dict[str, dict[str, int]] = {
    "visits": {"三服务": 3, "走访": 2, "服务清单": 2, "上门": 1, "对接": 1, "调研": 1},
    "delegation": {"代表团": 3, "志愿者": 1, "对口帮扶": 2, "帮扶": 1, "东西部": 1},
    "agreement": {"协议": 3, "签订": 2, "签署": 2, "框架": 1, "合作": 1},
    "competition": {"竞赛": 3, "比武": 2, "立功": 2, "技能大赛": 2, "比赛": 1},
    "culture": {"合唱": 3, "唱": 1, "文艺": 2, "歌": 1, "文化活动": 1},
    "blood_drive": {"献血": 4, "造血干细胞": 2, "血站": 2},
    "meeting": {"会议": 2, "座谈会": 2, "联席会议": 3, "执委会": 1, "主持": 1},
    "craftsman": {"劳模工匠": 3, "工匠": 1, "劳模": 1, "技术": 1, "焊接": 1},
    "commemoration": {"缅怀": 3, "烈士": 3, "陵园": 2, "清明": 2, "祭": 1},
}
KIND_LABELS = {
    "visits": _("三服务 visits"), "delegation": _("pairing delegation"),
    "agreement": _("agreement"), "competition": _("competition"),
    "culture": _("culture event"), "blood_drive": _("blood drive"), "meeting": _("meeting"),
    "craftsman": _("craftsman service"), "commemoration": _("commemoration"),
}


def score_kinds(text: str, headline: str = "") -> list[tuple[str, int]]:
    """``[(kind, score), ...]`` best first, kinds with a zero score left out. Cue words
    in the headline count three times."""
    scores = {}
    for kind, cues in KINDS.items():
        score = sum(w * (text.count(cue) + 3 * headline.count(cue)) for cue, w in cues.items())
        if score:
            scores[kind] = score
    return sorted(scores.items(), key=lambda kv: (-kv[1], list(KINDS).index(kv[0])))


def kind_of(text: str, headline: str = "") -> str:
    """The best-scoring kind of work, or ``""`` when no cue word appears."""
    ranked = score_kinds(text, headline)
    return ranked[0][0] if ranked else ""
