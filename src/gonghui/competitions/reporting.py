"""The ``competitions`` report (labour and skills competitions, craftsman services)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

from .selectors import competition_brief, competition_figures

COMPETITIONS = register(
    Report(
        name="competitions",
        title=_("Labour and skills competitions"),
        compute=competition_figures,
        brief=competition_brief,
        has_figures=lambda f: bool(f["competitions"] or f["craftsman_visits"]),
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
