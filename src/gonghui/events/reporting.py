"""The ``events`` report (culture events, blood drives, meetings) with units."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

from .selectors import event_brief, event_figures

EVENTS = register(
    Report(
        name="events",
        title=_("Union events"),
        compute=event_figures,
        brief=event_brief,
        has_figures=lambda f: bool(f["events"]),
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
