"""The ``events`` report (culture events, blood drives, meetings) with units."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, merge_totals, prefix_totals, register

from .models import EventFigure, Metric
from .selectors import event_brief, event_figures, subtree_events


def events_by_child(union, *, date_from=None, date_to=None, prefix_length: int) -> dict:
    """Events of each child's unions in the period, their participants and blood donors
    (persons), one query per table."""
    events = subtree_events(union, date_from, date_to)
    return merge_totals(
        prefix_totals(events, "union__path", prefix_length, events=Count("id")),
        prefix_totals(
            EventFigure.objects.filter(event__in=events), "event__union__path", prefix_length,
            participants=Sum("value", filter=Q(metric=Metric.PARTICIPANTS), default=0),
            blood_donors=Sum("value", filter=Q(metric=Metric.DONORS), default=0),
        ),
    )

EVENTS = register(
    Report(
        name="events",
        title=_("Union events"),
        compute=event_figures,
        brief=event_brief,
        has_figures=lambda f: bool(f["events"]),
        by_child=events_by_child,
        by_child_labels={
            "events": _("events"),
            "participants": _("participants (persons)"),
            "blood_donors": _("blood donors (persons)"),
        },
        labels={
            "events": _("events"),
            "participants": _("participants (persons)"),
            "blood_donors": _("blood donors (persons)"),
            "blood_volume_ml": _("blood donated (mL)"),
            "stem_cell_registrations": _("stem-cell registrations (persons)"),
            "thank_you_letters": _("thank-you letters"),
        },
    )
)
