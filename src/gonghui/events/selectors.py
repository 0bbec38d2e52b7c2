"""Reads of union events: the figures of a union subtree over a period, and their
one-line Chinese brief.

An event counts when its organiser is in the subtree (a path-prefix filter, so sibling
subtrees never count) and its date is in the period (both ends inclusive). Measured
figures are summed per metric across those events, in their canonical units.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.reports import scalar_batch
from gonghui.orgs.models import Union

from .models import Event, EventFigure, Metric, SelectionRound


class EventFigures(TypedDict):
    """The figures of :func:`event_figures` (the JSON report's keys)."""

    union: str
    date_from: str | None
    date_to: str | None
    events: int
    culture_events: int
    blood_drives: int
    commemorations: int
    meetings: int
    trainings: int
    participants: int
    blood_donors: int
    blood_volume_ml: int | float
    stem_cell_registrations: int
    thank_you_letters: int
    selection_rounds: int
    selection_entrants: int


def subtree_events(
    union: Union, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Event]:
    """Events organised in ``union``'s subtree, dated within the period."""
    qs = Event.objects.filter(union__path__startswith=union.path)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs


def _number(value: Decimal) -> int | float:
    """A JSON-able number: an int when whole, else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def event_figures(
    union: Union,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> EventFigures:
    """Event figures of ``union``'s subtree for a period (None for open-ended): counts of
    events by kind and the sums of measured figures (persons, mL, letters); a JSON-able
    dict, in one query whatever the number of rows."""
    events = subtree_events(union, date_from, date_to)
    K = Event.Kind
    zero = Decimal(0)
    M = Metric
    figures = EventFigure.objects.filter(event__in=events)
    rounds = SelectionRound.objects.filter(event__in=events)
    # Every figure in one query (scalar subqueries).
    f = scalar_batch({
        "events": (events, Count("id")),
        "culture_events": (events, Count("id", filter=Q(kind=K.CULTURE))),
        "blood_drives": (events, Count("id", filter=Q(kind=K.BLOOD_DRIVE))),
        "commemorations": (events, Count("id", filter=Q(kind=K.COMMEMORATION))),
        "meetings": (events, Count("id", filter=Q(kind=K.MEETING))),
        "trainings": (events, Count("id", filter=Q(kind=K.TRAINING))),
        "participants": (figures, Sum("value", filter=Q(metric=M.PARTICIPANTS), default=zero)),
        "blood_donors": (figures, Sum("value", filter=Q(metric=M.DONORS), default=zero)),
        "blood_volume_ml": (figures, Sum("value", filter=Q(metric=M.BLOOD_VOLUME), default=zero)),
        "stem_cell_registrations": (figures, Sum(
            "value", filter=Q(metric=M.STEM_CELL_REGISTRATIONS), default=zero)),
        "thank_you_letters": (figures, Sum("value", filter=Q(metric=M.THANK_YOU_LETTERS),
                                           default=zero)),
        "selection_rounds": (rounds, Count("id")),
        "selection_entrants": (rounds, Sum("entrants", filter=Q(number=1), default=0)),
    })
    counts = {key: f[key] or 0 for key in ("events", "culture_events", "blood_drives",
                                           "commemorations", "meetings", "trainings")}
    sums = {key: f[key] or zero for key in ("participants", "blood_donors", "blood_volume_ml",
                                            "stem_cell_registrations", "thank_you_letters")}
    rounds = {key: f[key] or 0 for key in ("selection_rounds", "selection_entrants")}
    return EventFigures(
        union=union.name,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        **counts,
        **{key: _number(Decimal(value)) for key, value in sums.items()},
        **rounds,
    )


def event_brief(figures: EventFigures) -> str:
    """One sentence of a Chinese work brief (工作简报) from the figures, e.g.
    "开展职工文化、献血等活动5场次，参与职工500人次，无偿献血242人、献血80000毫升，
    造血干细胞登记15人"。 Parts with a zero figure are left out."""
    parts = [f"开展职工文化、献血等活动{figures['events']}场次"]
    if figures["participants"]:
        parts.append(f"参与职工{figures['participants']}人次")
    if figures["selection_entrants"]:
        parts.append(f"{figures['selection_entrants']}名职工参加选拔")
    if figures["blood_donors"]:
        parts.append(
            f"组织无偿献血{figures['blood_donors']}人、献血{figures['blood_volume_ml']}毫升"
        )
    if figures["stem_cell_registrations"]:
        parts.append(f"造血干细胞登记{figures['stem_cell_registrations']}人")
    if figures["thank_you_letters"]:
        parts.append(f"送出感谢信{figures['thank_you_letters']}封")
    return "，".join(parts) + "。"
