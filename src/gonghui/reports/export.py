"""The report as an .xlsx workbook (openpyxl), a sheet per table.

Like the service list (:mod:`gonghui.services.export`), the workbook is a Chinese
document whatever the reader's UI language: the services headers are the union's own
terms with their units in the header ("走访企业（家）", "困难（人次）"), fixed here; the
other modules' rows use their report labels rendered in zh-hans (those labels carry
their units, e.g. "现金救助（元）").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gonghui.core.xlsx import append_row
from gonghui.services.export import KIND_ZH, STATUS_ZH
from gonghui.services.models import Item, Visit

from .build import FullReport

#: The services roll-up's columns: (figure key, page label, sheet header with unit).
SERVICE_COLUMNS: list[tuple[str, Any, str]] = [
    ("visits", _("Visits"), "走访（次）"),
    ("enterprises_visited", _("Enterprises visited"), "走访企业（家）"),
    ("unions_visited", _("Grassroots unions visited"), "走访基层工会（家）"),
    ("model_workers_visited", _("Model workers visited"), "走访劳模工匠（人）"),
    ("households_visited", _("Households visited"), "走访职工群众（户）"),
    ("items", _("Items found"), "发现事项（件）"),
    ("difficulty_person_times", _("Difficulties (person-times)"), "困难（人次）"),
    ("needs", _("Needs"), "需求（件次）"),
    ("problems", _("Problems"), "问题（件次）"),
    ("resolved", _("Resolved"), "解决（件次）"),
    ("escalated", _("Escalated"), "提交反映（件次）"),
    ("resolution_rate", _("Resolution rate (%)"), "解决率（%）"),
    ("median_days_to_resolve", _("Median days to resolve"), "办结用时中位数（天）"),
    ("open", _("Open"), "在办（件）"),
    ("overdue", _("Overdue"), "超期（件）"),
]
TARGET_ZH = {
    Visit.TargetType.ENTERPRISE: "企业",
    Visit.TargetType.UNION: "基层工会",
    Visit.TargetType.MODEL_WORKER: "劳模工匠",
    Visit.TargetType.HOUSEHOLD: "职工家庭",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def period_text(period) -> str:
    """``2026-01-01 至 2026-03-31`` (``起`` / ``今`` for open ends)."""
    start = period.date_from.isoformat() if period.date_from else "起"
    end = period.date_to.isoformat() if period.date_to else "今"
    return f"{start} 至 {end}"


def service_rows(result: dict, own_label: str, total_label: str) -> list[tuple[str, dict]]:
    """(name, figures) of each child, the union's own records and the total."""
    rows = [(child["union"], child["figures"]) for child in result["children"]]
    return rows + [(own_label, result["own"]), (total_label, result["total"])]


#: Number formats of typed cells: money (CNY) to the cent, and a change with its sign.
MONEY_FORMAT = "0.00"
CHANGE_FORMAT = "+General;-General;0"
MONEY_CHANGE_FORMAT = "+0.00;-0.00;0.00"


def _number(value):
    """A figure as a cell value: a numeric string (the reports' CNY figures, "123.45")
    as a Decimal, so the cell is a number; anything else as it is."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value


def _delta(current, previous):
    """The change from ``previous`` to ``current`` as a number (Decimal when both are
    Decimal, else int or float rounded to 0.01), or "" when either is not a number."""
    a, b = _number(current), _number(previous)
    numeric = (int, float, Decimal)
    if not isinstance(a, numeric) or not isinstance(b, numeric) or isinstance(a, bool) \
            or isinstance(b, bool):
        return ""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a - b
    diff = round(float(a) - float(b), 2)
    return int(diff) if diff == int(diff) else diff


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], *, first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        append_row(ws, ["" if value is None else value for value in row])
    for i, header in enumerate(headers, start=1):
        width = max([len(str(header)) * 2] + [len(str(r[i - 1])) * 2 for r in rows if i - 1 < len(r)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, 8), 40)
    ws.freeze_panes = "B2"
    return ws


def report_workbook(report: FullReport) -> bytes:
    """The workbook of ``report``: 分级汇总 (children side by side), 上年同期, 同比, 按类型,
    按类别, 按状态, 走访对象, 按月趋势, 超期按责任单位, one sheet per other module, 工作简报."""
    s = report.services
    cur, prev = s["current"], s["previous"]
    keys = [key for key, _label, _zh in SERVICE_COLUMNS]
    headers = ["单位"] + [zh for _key, _label, zh in SERVICE_COLUMNS]
    wb = Workbook()

    def table(result):
        return [[name] + [figures[k] for k in keys] for name, figures in service_rows(result, "本级", "合计")]

    _sheet(wb, "分级汇总", headers, table(cur), first=True)
    _sheet(wb, "上年同期", headers, table(prev))
    _sheet(
        wb,
        "同比",
        ["指标", f"本期（{period_text(report.period)}）", f"上年同期（{period_text(report.previous_period)}）", "增减"],
        [[zh, cur["total"][k], prev["total"][k], _delta(cur["total"][k], prev["total"][k])]
         for k, _label, zh in SERVICE_COLUMNS],
    )
    for (cell,) in wb["同比"].iter_rows(min_row=2, min_col=4, max_col=4):
        cell.number_format = CHANGE_FORMAT
    _sheet(wb, "按类型", ["类型", "本期（件）", "上年同期（件）"],
           [[KIND_ZH[k], cur["total"]["items_by_kind"][k], prev["total"]["items_by_kind"][k]]
            for k in Item.Kind.values])
    categories = list(cur["total"]["items_by_category"]) + [
        c for c in prev["total"]["items_by_category"] if c not in cur["total"]["items_by_category"]
    ]
    _sheet(wb, "按类别", ["分类", "本期（件）", "上年同期（件）"],
           [[c, cur["total"]["items_by_category"].get(c, 0), prev["total"]["items_by_category"].get(c, 0)]
            for c in categories])
    _sheet(wb, "按状态", ["状态", "本期（件）", "上年同期（件）"],
           [[STATUS_ZH[st], cur["total"]["items_by_status"][st], prev["total"]["items_by_status"][st]]
            for st in Item.Status.values])
    _sheet(wb, "走访对象", ["走访对象", "本期（次）", "上年同期（次）"],
           [[TARGET_ZH[t], cur["total"]["visits_by_target"][t], prev["total"]["visits_by_target"][t]]
            for t in Visit.TargetType.values])
    _sheet(wb, "按月趋势", ["月份", "走访（次）", "发现事项（件）"],
           [[m["month"], m["visits"], m["items"]] for m in s["trend"]])
    _sheet(wb, "超期按责任单位", ["责任单位", "超期（件）"],
           [[r["unit"], r["overdue"]] for r in s["overdue_by_unit"]])
    with translation.override("zh-hans"):
        for module in report.modules:
            ws = _sheet(
                wb,
                str(module.title)[:31],
                ["指标", "本期", "上年同期", "增减"],
                [[str(label), _number(value), _number(before), _delta(value, before)]
                 for _key, label, value, before in module.rows],
            )
            for (key, *_rest), cells in zip(module.rows, ws.iter_rows(min_row=2, min_col=2),
                                            strict=False):
                money = key.endswith("_cny")
                cells[0].number_format = cells[1].number_format = (
                    MONEY_FORMAT if money else "General")
                cells[2].number_format = MONEY_CHANGE_FORMAT if money else CHANGE_FORMAT
    ws = _sheet(wb, "工作简报", ["工作简报"], [[report.brief]])
    ws.column_dimensions["A"].width = 100
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
