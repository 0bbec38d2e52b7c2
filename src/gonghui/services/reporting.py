"""The ``services`` report (三服务 figures) for ``gonghui report services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

from .selectors import service_figures

SERVICES = register(
    Report(
        name="services",
        title=_("Three services: visits and items"),
        compute=service_figures,
        labels={
            "visits": _("visits"),
            "enterprises_visited": _("enterprises visited"),
            "unions_visited": _("grassroots unions visited"),
            "model_workers_visited": _("model workers and craftsmen visited"),
            "households_visited": _("worker households visited"),
            "items": _("items found"),
            "difficulties": _("difficulties"),
            "difficulty_person_times": _("difficulties (person-times)"),
            "needs": _("needs"),
            "problems": _("problems"),
            "resolved": _("resolved"),
            "escalated": _("escalated"),
            "open": _("open"),
            "closed": _("closed out"),
            "overdue": _("overdue"),
        },
    )
)
