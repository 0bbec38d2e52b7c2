"""Reads of competitions and craftsman services: the figures of a union subtree over a
period, and their one-line Chinese brief.

Counting rules: a competition counts (场次) when its organiser is in the subtree and its
period overlaps the report's period; umbrella competitions and their contests each count
once. Participant-times (参与人次) are the sum of ``Entry.persons`` over those
competitions; key projects are counted once each however many competitions serve them.
Titles count awards of competitions in the subtree given within the period. Craftsman
figures count visits (dated in the period) of the subtree that hold craftsman sessions.
Sibling subtrees are never counted: every query filters on the union's path prefix.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.reports import scalar_batch
from gonghui.orgs.models import Union

from .models import Award, Competition, CraftsmanService, Entry, KeyProject


class CompetitionFigures(TypedDict):
    """The figures of :func:`competition_figures` (the JSON report's keys)."""

    union: str
    date_from: str | None
    date_to: str | None
    competitions: int
    labour_competitions: int
    merit_competitions: int
    skills_contests: int
    key_projects: int
    entries: int
    participant_times: int
    titles_awarded: int
    chief_workers: int
    technical_experts: int
    pioneer_teams: int
    may_day_medals: int
    craftsman_visits: int
    craftsman_sessions: int
    craftsman_attendees: int
    craftsman_hours: float


def subtree_competitions(
    union: Union, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Competition]:
    """Competitions organised in ``union``'s subtree whose period overlaps the period."""
    qs = Competition.objects.filter(union__path__startswith=union.path)
    if date_from:
        qs = qs.filter(end_date__gte=date_from)
    if date_to:
        qs = qs.filter(start_date__lte=date_to)
    return qs


def competition_figures(
    union: Union,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> CompetitionFigures:
    """Competition and craftsman-service figures of ``union``'s subtree over a period
    (both ends inclusive, None for open-ended); a JSON-able dict, in one query."""
    competitions = subtree_competitions(union, date_from, date_to)
    K = Competition.Kind
    awards = Award.objects.filter(entry__competition__union__path__startswith=union.path)
    if date_from:
        awards = awards.filter(awarded_on__gte=date_from)
    if date_to:
        awards = awards.filter(awarded_on__lte=date_to)
    T = Award.Title
    sessions = CraftsmanService.objects.filter(visit__union__path__startswith=union.path)
    if date_from:
        sessions = sessions.filter(visit__date__gte=date_from)
    if date_to:
        sessions = sessions.filter(visit__date__lte=date_to)
    entries = Entry.objects.filter(competition__in=competitions)
    # Every figure in one query (scalar subqueries).
    f = scalar_batch({
        "competitions": (competitions, Count("id")),
        "labour_competitions": (competitions, Count("id", filter=Q(kind=K.LABOUR))),
        "merit_competitions": (competitions, Count("id", filter=Q(kind=K.MERIT))),
        "skills_contests": (competitions, Count("id", filter=Q(kind=K.SKILLS))),
        "key_projects": (KeyProject.objects.filter(competitions__in=competitions),
                         Count("id", distinct=True)),
        "entries": (entries, Count("id")),
        "participant_times": (entries, Sum("persons", default=0)),
        "titles_awarded": (awards, Count("id")),
        "chief_workers": (awards, Count("id", filter=Q(title=T.CHIEF_WORKER))),
        "technical_experts": (awards, Count("id", filter=Q(title=T.TECHNICAL_EXPERT))),
        "pioneer_teams": (awards, Count("id", filter=Q(title=T.PIONEER))),
        "may_day_medals": (awards, Count("id", filter=Q(title=T.MAY_DAY_MEDAL))),
        "craftsman_visits": (sessions, Count("visit", distinct=True)),
        "craftsman_sessions": (sessions, Count("id")),
        "craftsman_attendees": (sessions, Sum("attendees", default=0)),
        "craftsman_hours": (sessions, Sum("hours", default=Decimal(0))),
    })
    f = {key: value or 0 for key, value in f.items()}
    f["craftsman_hours"] = float(f["craftsman_hours"])
    return CompetitionFigures(
        union=union.name,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        **f,
    )


def competition_brief(figures: CompetitionFigures) -> str:
    """One sentence of a Chinese work brief (工作简报) from the figures, e.g.
    "围绕63项重点工程，开展劳动竞赛、技能比武22场次，参与职工2300人次，涌现首席工人2名"。
    Parts with a zero figure are left out."""
    parts = []
    if figures["key_projects"]:
        parts.append(f"围绕{figures['key_projects']}项重点工程")
    if figures["competitions"] or not figures["craftsman_visits"]:
        parts.append(f"开展劳动竞赛、技能比武{figures['competitions']}场次")
    if figures["participant_times"]:
        parts.append(f"参与职工{figures['participant_times']}人次")
    if figures["chief_workers"]:
        parts.append(f"涌现首席工人{figures['chief_workers']}名")
    others = figures["titles_awarded"] - figures["chief_workers"]
    if others:
        parts.append(f"获其他荣誉{others}项")
    if figures["craftsman_visits"]:
        parts.append(
            f"劳模工匠服务队上门服务{figures['craftsman_visits']}次、"
            f"受益职工{figures['craftsman_attendees']}人次"
        )
    return "，".join(parts) + "。"
