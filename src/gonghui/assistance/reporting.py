"""The ``assistance`` report (hardship files and aid) for ``gonghui report assistance``."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.reports import Report, register

from .selectors import assistance_figures


def assistance_brief(figures) -> str:
    """The assistance sentence of the work brief, e.g. "建立困难职工档案12户，发放帮扶
    救助30笔、共计45,600.00元。" Parts with a zero figure are left out."""
    parts = []
    if figures["files_open"]:
        parts.append(f"在档困难职工{figures['files_open']}户")
    if figures["aid_count"]:
        total = float(figures["aid_total_cny"])
        parts.append(f"发放帮扶救助{figures['aid_count']}笔、共计{total:,.2f}元")
    return "，".join(parts) + "。" if parts else ""

ASSISTANCE = register(
    Report(
        name="assistance",
        title=_("Hardship files and aid"),
        compute=assistance_figures,
        brief=assistance_brief,
        has_figures=lambda f: bool(f["files_open"] or f["aid_count"]),
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
