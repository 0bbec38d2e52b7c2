"""The ``assistance`` report (hardship files and aid) for ``gonghui report assistance``."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.money import cents
from gonghui.core.reports import Report, merge_totals, prefix_totals, register

from .models import Aid, HardshipFile
from .selectors import _period, assistance_figures, files_as_of


def assistance_by_child(union, *, date_from=None, date_to=None, prefix_length: int) -> dict:
    """Hardship files open at the period's end (see
    :func:`~gonghui.assistance.selectors.files_as_of`) and the aid given in the period by
    the unions of each child (count, CNY cash + goods to the cent), one query per table."""
    files = prefix_totals(
        files_as_of(HardshipFile.objects.filter(union__path__startswith=union.path), date_to),
        "union__path", prefix_length,
        files_open=Count("id", filter=Q(status_at__in=HardshipFile.OPEN_STATUSES)),
    )
    aid = prefix_totals(
        _period(Aid.objects.filter(union__path__startswith=union.path), date_from, date_to),
        "union__path", prefix_length, aid_count=Count("id"),
        aid_total_cny=Sum("cash", default=0) + Sum("goods_value", default=0),
    )
    for values in aid.values():
        values["aid_total_cny"] = cents(values["aid_total_cny"])
    return merge_totals(files, aid)


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
        by_child=assistance_by_child,
        by_child_labels={
            "files_open": _("files open at the period's end"),
            "aid_count": _("aid records"),
            "aid_total_cny": _("aid given (CNY)"),
        },
        labels={
            "files_total": _("hardship files at the period's end"),
            "files_open": _("files open at the period's end"),
            "files_review_overdue": _("files overdue for annual review"),
            "aid_count": _("aid records"),
            "aid_cash_cny": _("aid in cash (CNY)"),
            "aid_goods_cny": _("aid in goods (CNY)"),
        },
    )
)
