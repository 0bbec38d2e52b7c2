"""The ``competitions`` report (labour and skills competitions, craftsman services)."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, merge_totals, prefix_totals, register

from .models import Entry
from .selectors import competition_brief, competition_figures, subtree_competitions


def competitions_by_child(union, *, date_from=None, date_to=None, prefix_length: int) -> dict:
    """Competitions organised by each child's unions in the period and their
    participants (person-times), one query per table."""
    competitions = subtree_competitions(union, date_from, date_to)
    return merge_totals(
        prefix_totals(competitions, "union__path", prefix_length, competitions=Count("id")),
        prefix_totals(Entry.objects.filter(competition__in=competitions),
                      "competition__union__path", prefix_length,
                      participant_times=Sum("persons", default=0)),
    )

COMPETITIONS = register(
    Report(
        name="competitions",
        title=_("Labour and skills competitions"),
        compute=competition_figures,
        brief=competition_brief,
        has_figures=lambda f: bool(f["competitions"] or f["craftsman_visits"]),
        by_child=competitions_by_child,
        by_child_labels={
            "competitions": _("competitions and contests"),
            "participant_times": _("participants (person-times)"),
        },
        labels={
            "key_projects": _("key projects served"),
            "competitions": _("competitions and contests"),
            "participant_times": _("participants (person-times)"),
            "titles_awarded": _("titles awarded"),
            "chief_workers": _("chief workers"),
            "craftsman_visits": _("craftsman service visits"),
            "craftsman_attendees": _("attendees of craftsman services (persons)"),
        },
    )
)
