"""The ``assistance`` report (hardship files and aid) for ``gonghui report assistance``."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

from .selectors import assistance_figures

ASSISTANCE = register(
    Report(
        name="assistance",
        title=_("Hardship files and aid"),
        compute=assistance_figures,
        labels={
            "files_total": _("hardship files"),
            "files_open": _("open files"),
            "files_review_overdue": _("files overdue for annual review"),
            "aid_count": _("aid records"),
            "aid_cash_cny": _("aid in cash (CNY)"),
            "aid_goods_cny": _("aid in goods (CNY)"),
        },
    )
)
