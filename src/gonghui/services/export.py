"""The service list (服务清单) as an Excel sheet (openpyxl).

The sheet is a Chinese document whatever the reader's UI language: its headers and the
kind/status words are the union's own terms (GLOSSARY.md, ARCHITECTURE.md), not UI
strings, so they are fixed here rather than translated. No identity numbers or phone
numbers are written: a worker target appears by name only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gonghui.core.xlsx import append_row

from .models import Item

KIND_ZH = {
    Item.Kind.DIFFICULTY: "困难",
    Item.Kind.NEED: "需求",
    Item.Kind.PROBLEM: "问题",
}
STATUS_ZH = {
    Item.Status.REGISTERED: "已登记",
    Item.Status.ACCEPTED: "已受理",
    Item.Status.REJECTED: "不予受理",
    Item.Status.MERGED: "已合并",
    Item.Status.CONSULTING: "会商中",
    Item.Status.ASSIGNED: "已交办",
    Item.Status.IN_PROGRESS: "办理中",
    Item.Status.RESOLVED: "已办结",
    Item.Status.ESCALATED: "已提交反映",
    Item.Status.CLOSED: "已销号",
}

#: (header, column width in characters), in sheet order.
COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("事项编号", 9),
    ("类型", 6),
    ("分类", 12),
    ("事项", 30),
    ("事项描述", 40),
    ("人次", 6),
    ("所属工会", 20),
    ("服务小组", 18),
    ("走访对象", 24),
    ("发现日期", 12),
    ("状态", 10),
    ("责任单位", 20),
    ("完成时限", 12),
    ("是否超期", 9),
    ("办理结果", 40),
]
HEADERS = [header for header, _width in COLUMNS]


def outcome_text(item: Item) -> str:
    """What became of the item, in words: the resolution, where it was escalated to,
    why it was rejected, or which item it was merged into ("" while open)."""
    if item.outcome == Item.Outcome.RESOLVED:
        return item.resolution
    if item.outcome == Item.Outcome.ESCALATED:
        return f"提交反映：{item.escalation_target}"
    if item.status == Item.Status.REJECTED:
        return f"不予受理：{item.rejection_reason}"
    if item.status == Item.Status.MERGED and item.merged_into_id:
        return f"并入事项 {item.merged_into_id}"
    return ""


def is_overdue(item: Item, today: dt.date) -> bool:
    """Overdue (超期): on the clock (assigned or in progress) and past the deadline."""
    return (
        item.status in Item.CLOCK_STATUSES and item.deadline is not None and item.deadline < today
    )


def service_list_row(n: int, item: Item, today: dt.date) -> list:
    """The sheet row of ``item`` numbered ``n`` (序号), in :data:`COLUMNS` order."""
    visit = item.visit
    return [
        n,
        item.pk,
        KIND_ZH.get(item.kind, item.kind),
        item.category.name,
        item.subject,
        item.description,
        item.persons_affected,
        item.union.name,
        visit.team.name if visit and visit.team else "",
        visit.target_name if visit else "",
        item.found_on,
        STATUS_ZH.get(item.status, item.status),
        item.responsible_unit.name if item.responsible_unit else "",
        item.deadline,
        "是" if is_overdue(item, today) else "否",
        outcome_text(item),
    ]


def service_list_workbook(items: Iterable[Item], *, today: dt.date, title: str = "服务清单") -> bytes:
    """The .xlsx bytes of the service list of ``items`` (rows in the given order; the
    caller limits them to the user's scope and joins union, category, responsible unit
    and visit target so that no row costs a query). Frozen header row, set widths."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(HEADERS)
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    for col, (_header, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    for n, item in enumerate(items, start=1):
        append_row(ws, service_list_row(n, item, today))
        for col in (11, 14):  # 发现日期, 完成时限
            ws.cell(row=n + 1, column=col).number_format = "yyyy-mm-dd"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
