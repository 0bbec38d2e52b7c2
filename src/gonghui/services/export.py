"""The service list (服务清单) as an Excel sheet (openpyxl).

The sheet is a Chinese document whatever the reader's UI language: its headers and the
kind/status words are the union's own terms (GLOSSARY.md, ARCHITECTURE.md), not UI
strings, so they are fixed here rather than translated. No identity numbers or phone
numbers are written: a worker target appears by name only.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import IO

from django.db.models import QuerySet

from gonghui.core.xlsx import write_xlsx

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
    return _outcome(item.outcome, item.status, item.resolution, item.escalation_target,
                    item.rejection_reason, item.merged_into_id)


def _outcome(outcome, status, resolution, escalation_target, rejection_reason, merged_into_id) -> str:
    if outcome == Item.Outcome.RESOLVED:
        return resolution
    if outcome == Item.Outcome.ESCALATED:
        return f"提交反映：{escalation_target}"
    if status == Item.Status.REJECTED:
        return f"不予受理：{rejection_reason}"
    if status == Item.Status.MERGED and merged_into_id:
        return f"并入事项 {merged_into_id}"
    return ""


def is_overdue(item: Item, today: dt.date) -> bool:
    """Overdue (超期): on the clock (assigned or in progress) and past the deadline."""
    return _overdue(item.status, item.deadline, today)


def _overdue(status, deadline, today: dt.date) -> bool:
    return status in Item.CLOCK_STATUSES and deadline is not None and deadline < today


#: The columns :func:`service_list_rows` reads, in the order of its tuples: the item's
#: own fields and the names of what it refers to (no model instances are built).
ROW_FIELDS = (
    "pk", "kind", "category__name", "subject", "description", "persons_affected",
    "union__name", "visit__team__name", "visit__enterprise__name",
    "visit__target_union__name", "visit__worker__name", "found_on", "status",
    "responsible_unit__name", "deadline", "outcome", "resolution", "escalation_target",
    "rejection_reason", "merged_into_id",
)


def service_list_rows(items: QuerySet[Item], *, today: dt.date,
                      chunk_size: int = 2000) -> Iterator[list]:
    """The sheet rows of ``items`` (in their order), in :data:`COLUMNS` order, numbered
    from 1 (序号). Read as plain tuples through a server-side cursor in chunks of
    ``chunk_size`` (one query whatever the number of rows; memory for one chunk)."""
    rows = items.values_list(*ROW_FIELDS).iterator(chunk_size=chunk_size)
    for n, (pk, kind, category, subject, description, persons, union, team,
            enterprise, target_union, worker, found_on, status, unit, deadline, outcome,
            resolution, escalation_target, rejection_reason, merged_into_id) in enumerate(rows, 1):
        target = enterprise or target_union or worker or ""  # Visit.target_name
        yield [
            n,
            pk,
            KIND_ZH.get(kind, kind),
            category,
            subject,
            description,
            persons,
            union,
            team or "",
            target,
            found_on,
            STATUS_ZH.get(status, status),
            unit or "",
            deadline,
            "是" if _overdue(status, deadline, today) else "否",
            _outcome(outcome, status, resolution, escalation_target, rejection_reason,
                     merged_into_id),
        ]


def write_service_list(rows: Iterable[list], target, *, title: str = "服务清单") -> int:
    """Write the service list of ``rows`` (as :func:`service_list_rows` yields them) as
    .xlsx to ``target`` (a path or a binary file object), streamed
    (:func:`gonghui.core.xlsx.write_xlsx`): bold shaded frozen header row, set column
    widths, a filter over the data, dates as yyyy-mm-dd, text never a formula. Returns
    the number of data rows."""
    return write_xlsx(target, title=title, columns=COLUMNS, rows=rows)


def service_list_file(items: QuerySet[Item], *, today: dt.date) -> tuple[IO[bytes], int]:
    """The .xlsx of ``items`` (already in scope and ordered) in an anonymous temporary
    file, rewound, and its number of data rows. The caller sends and closes the file."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        n = write_service_list(service_list_rows(items, today=today), handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle, n


def service_list_workbook(items: QuerySet[Item], *, today: dt.date, title: str = "服务清单") -> bytes:
    """The .xlsx bytes of the service list of ``items`` (a QuerySet, in its order):
    :func:`write_service_list` into memory, for small lists and tests."""
    buffer = BytesIO()
    write_service_list(service_list_rows(items, today=today), buffer, title=title)
    return buffer.getvalue()
