"""Excel import of existing ledgers: hardship files (困难职工档案台账) and aid (帮扶台账).

The first worksheet is read. Its header is found among the first 15 rows (a title row above
it and header cells merged over two rows are fine); each column is recognised by its Chinese
header or an alias, ignoring spaces, ``*`` and a unit in brackets such as ``(元)``. Rows that
are empty, and a trailing totals row (合计/总计/小计), are skipped.

Rows follow the web forms' rules, taken from :mod:`.services`: dates between
``services.EARLIEST_DATE`` and today, phone numbers as ``validate_phone`` takes them, a
yearly income that agrees with the monthly (``services.income_disagreement``), aid only to
a file in ``services.AID_FILE_STATUSES``, education aid with the student, school and grade;
a kind of aid may be written as the web form labels it (送温暖慰问) or by its usual names.

Validation reports **every** problem as (sheet, row, column, reason), with Excel's row
numbers and column letters. Nothing is written unless the whole file is clean, or the caller
asks for ``valid_rows_only``, in which case the valid rows are written and the refused rows
are listed. Re-importing a file creates nothing new: a hardship row whose identity number is
already in an open file the importer can see is reported as already on file; an aid row is
recognised by a keyed hash of its content.

Cells are read as real ledgers hold them: identity numbers as text or as whole numbers
(refused when Excel turned them into floating point or scientific notation, which keeps only
15 digits), full-width digits and letters, stray spaces, dates as Excel serials or
``2019.4.1`` / ``2019/4/1`` / ``2019-4-1`` / ``2019年4月1日`` / ``20190401``, amounts with
``元``, ``¥`` or thousands separators.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from gonghui.accounts.models import User
from gonghui.core.errors import PermissionDenied
from gonghui.orgs.models import Union
from gonghui.orgs.validators import validate_id_number, validate_phone

from . import services
from .crypto import blind_index
from .models import (
    ZERO,
    Aid,
    AidGoodsLine,
    Cause,
    FileEvent,
    HardshipFile,
    SensitiveAccessLog,
)

CENT = Decimal("0.01")
HEADER_SCAN_ROWS = 15
BATCH = 500
TOTAL_WORDS = ("合计", "总计", "小计", "共计")


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""


@dataclass(frozen=True)
class Problem:
    """One refused cell or row: Excel row number (0 for the file as a whole), column
    letter and header ("" when the row as a whole is refused), and the reason."""

    sheet: str
    row: int
    column: str
    header: str
    reason: str

    def __str__(self) -> str:
        where = _("sheet %(sheet)s, row %(row)d") % {"sheet": self.sheet, "row": self.row}
        if self.column or self.header:
            where += ", " + _("column %(col)s %(header)s") % {
                "col": self.column, "header": self.header
            }
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """The outcome of validating (and maybe writing) a ledger."""

    kind: str
    sheet: str = ""
    rows: int = 0  # data rows read (not counting empty and totals rows)
    valid: int = 0
    created: int = 0
    already_present: int = 0
    written: bool = False
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    refused_rows: list[int] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """One line per problem, then a summary line."""
        out = [str(p) for p in self.problems]
        out.append(
            _("%(kind)s ledger: %(rows)d rows read, %(valid)d valid, %(refused)d refused, "
              "%(created)d created, %(present)d already present%(note)s.")
            % {
                "kind": self.kind, "rows": self.rows, "valid": self.valid,
                "refused": len(self.refused_rows), "created": self.created,
                "present": self.already_present,
                "note": "" if self.written else " " + _("(nothing written)"),
            }
        )
        return out


# ---------------------------------------------------------------- cell parsers

def text(value: Any) -> str:
    """NFKC-normalised text (full-width to half-width), stripped; "" for empty cells."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def compact(value: Any) -> str:
    """:func:`text` without any whitespace (names, numbers)."""
    return "".join(text(value).split())


_SCI = re.compile(r"^[+-]?\d+(\.\d+)?E[+-]?\d+$", re.IGNORECASE)


def parse_id_number(value: Any) -> str:
    """A valid 18-character identity number from a cell, or CellError saying why."""
    if value is None or value == "":
        raise CellError(_("required"))
    if isinstance(value, bool):
        raise CellError(_("not an identity number"))
    if isinstance(value, float) or (isinstance(value, str) and _SCI.match(compact(value))):
        raise CellError(
            _("the identity number was stored as a number in scientific notation, so Excel "
              "kept only 15 digits and the last ones are lost; format the column as text "
              "and type the number again")
        )
    number = compact(value).lstrip("'").upper()
    try:
        return validate_id_number(number)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None


def parse_phone(value: Any) -> str:
    """A phone number as the web form takes it (:func:`~gonghui.orgs.validators.validate_phone`),
    "" for an empty cell; CellError when it is not one."""
    try:
        return validate_phone(text(value))
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None


_DATE = re.compile(r"^(\d{4})\s*[./\-年]\s*(\d{1,2})\s*[./\-月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any, *, today: dt.date | None = None) -> dt.date:
    """A date from a date cell, an Excel serial, or text in the usual Chinese spellings."""
    if value is None or value == "":
        raise CellError(_("required"))
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            value = str(int(value))
        elif 1 <= value < 2958466:
            day = from_excel(value).date()
        else:
            raise CellError(_("not a date"))
    if day is None:
        s = compact(value)
        m = _DATE.match(s) or (
            re.match(r"^(\d{4})(\d{2})(\d{2})$", s) if len(s) == 8 else None
        )
        if m is None:
            if re.fullmatch(r"\d{4,5}(\.\d+)?", s):
                return parse_date(float(s), today=today)
            raise CellError(_("'%(value)s' is not a date; write e.g. 2019-04-01") % {"value": s})
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise CellError(_("'%(value)s' is not a real date") % {"value": s}) from None
    problem = services.date_problem(day, today)  # the web forms' bounds
    if problem:
        raise CellError(_("the date %(date)s %(why)s") % {"date": day.isoformat(),
                                                          "why": problem})
    return day


def parse_amount(value: Any) -> Decimal | None:
    """CNY as Decimal to the fen; None for an empty cell; CellError when not an amount."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("not an amount"))
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        s = compact(value)
        for token in ("元", "¥", "RMB", "CNY", ",", "，"):
            s = s.replace(token, "")
        if s in ("", "-", "/"):
            return None
        try:
            amount = Decimal(s)
        except InvalidOperation:
            raise CellError(_("'%(value)s' is not an amount") % {"value": text(value)}) from None
    if not amount.is_finite():
        raise CellError(_("not an amount"))
    if amount < 0:
        raise CellError(_("must not be negative"))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_quantity(value: Any) -> Decimal | None:
    """A goods quantity: :func:`parse_amount`, but more than zero (as the web form's
    service requires); None for an empty cell."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
        raise CellError(_("must be more than zero"))
    if isinstance(value, str) and compact(value).startswith("-"):
        raise CellError(_("must be more than zero"))
    amount = parse_amount(value)
    if amount is not None and amount <= 0:
        raise CellError(_("must be more than zero"))
    return amount


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_count(value: Any) -> int | None:
    """A whole number >= 1 (人, 口 allowed after it); None for an empty cell."""
    if value is None or value == "":
        return None
    s = compact(value).rstrip("人口")
    try:
        n = Decimal(s)
    except InvalidOperation:
        raise CellError(_("'%(value)s' is not a whole number") % {"value": text(value)}) from None
    if n != n.to_integral_value() or n < 1 or n > 50:
        raise CellError(_("must be a whole number from 1 to 50"))
    return int(n)


CAUSE_WORDS = {
    "illness": ("因病", "疾病", "患病", "大病", "重病", "病"),
    "disability": ("残疾", "因残", "残"),
    "disaster": ("灾害", "受灾", "因灾", "自然灾害", "灾"),
    "education": ("子女教育", "子女就学", "教育", "因学", "上学", "就学"),
    "unemployment": ("失业", "下岗", "待岗"),
    "single_parent": ("单亲", "单亲家庭"),
    "accident": ("意外", "事故", "工伤", "意外事故"),
    "other": ("其他", "其它"),
}
_CAUSES = {w: code for code, words in CAUSE_WORDS.items() for w in words}
_CAUSES.update({c: c for c in Cause.values})


def parse_cause(value: Any) -> str:
    s = compact(value)
    if not s:
        raise CellError(_("required"))
    code = _CAUSES.get(s) or _CAUSES.get(s.removesuffix("致困"))
    if code is None:
        raise CellError(_("'%(value)s' is not a known cause") % {"value": s})
    return code


def parse_causes(value: Any) -> list[str]:
    parts = [p for p in re.split(r"[、,;/\s]+", text(value)) if p]
    codes = [parse_cause(p) for p in parts]
    if len(set(codes)) > 3:
        raise CellError(_("at most three secondary causes"))
    return codes


AID_KIND_WORDS = {
    "condolence": ("慰问", "送温暖", "送温暖慰问", "走访慰问", "节日慰问", "慰问金"),
    "living": ("生活救助", "生活帮扶", "生活补助"),
    "medical": ("医疗救助", "医疗帮扶", "医疗补助"),
    "temporary": ("临时救助", "临时帮扶"),
    "spring_education": ("春风助学",),
    "autumn_education": ("金秋助学",),
    "education": ("助学", "教育救助", "其他助学", "助学帮扶"),
    "employment": ("就业帮扶", "就业援助", "就业救助"),
}
_KINDS = {w: code for code, words in AID_KIND_WORDS.items() for w in words}
_KINDS.update({c: c for c in Aid.Kind.values})


def parse_aid_kind(value: Any) -> str:
    s = compact(value)
    if not s:
        raise CellError(_("required"))
    if s not in _KINDS:
        raise CellError(_("'%(value)s' is not a kind of aid") % {"value": s})
    return _KINDS[s]


# ---------------------------------------------------------------- columns

@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 14
    note: str = ""


HARDSHIP_COLUMNS = (
    Column("head_name", "户主姓名", ("姓名", "职工姓名", "困难职工姓名"), True, 12),
    Column("id_number", "身份证号码", ("身份证号", "公民身份号码", "身份证"), True, 22,
           "18位,请把本列设置为文本格式"),
    Column("phone", "联系电话", ("电话", "手机号码", "手机")),
    Column("union", "所属工会", ("工会", "工会名称"), False, 18, "留空则为导入时选定的工会"),
    Column("employer", "工作单位", ("单位", "所在单位"), False, 20),
    Column("address", "家庭住址", ("住址", "地址"), False, 24),
    Column("household_size", "家庭人口", ("家庭人口数", "人口", "家庭成员数"), True, 10),
    Column("primary_cause", "主要致困原因", ("致困原因", "主要困难原因"), True, 14,
           "因病/残疾/灾害/子女教育/失业/单亲/意外/其他"),
    Column("secondary_causes", "其他致困原因", ("次要致困原因",), False, 16, "最多三项,用顿号分隔"),
    Column("monthly_income", "家庭月收入", ("月收入",), False, 14, "元"),
    Column("yearly_income", "家庭年收入", ("年收入",), False, 14, "元;留空则按月收入×12"),
    Column("medical_expenses", "医疗支出", ("医疗费用", "刚性医疗支出"), False, 12, "元/年"),
    Column("education_expenses", "教育支出", ("教育费用", "刚性教育支出"), False, 12, "元/年"),
    Column("sudden_reason", "意外致困理由", ("突发困难说明",), False, 20, "意外致困时填写"),
    Column("applied_on", "建档日期", ("申请日期", "建档时间"), True, 12, "如 2019-04-01"),
    Column("notes", "备注", (), False, 20),
)

AID_COLUMNS = (
    Column("head_name", "户主姓名", ("姓名", "职工姓名", "受助人"), False, 12),
    Column("id_number", "身份证号码", ("身份证号", "公民身份号码", "身份证"), True, 22,
           "18位,请把本列设置为文本格式"),
    Column("kind", "帮扶类别", ("救助类别", "类别", "帮扶类型"), True, 12,
           "慰问/生活救助/医疗救助/临时救助/春风助学/金秋助学/助学/就业帮扶"),
    Column("date", "发放日期", ("日期", "帮扶日期"), True, 12, "如 2019-04-01"),
    Column("cash", "现金", ("救助金额", "慰问金", "现金金额", "金额"), False, 12, "元"),
    Column("goods_name", "物资名称", ("物资",), False, 12),
    Column("goods_quantity", "物资数量", ("数量",), False, 10),
    Column("goods_unit", "单位", ("物资单位",), False, 8),
    Column("goods_value", "物资价值", ("物资金额", "折合金额"), False, 12, "元"),
    Column("student_name", "学生姓名", ("受助学生",), False, 12, "助学时填写"),
    Column("school", "就读学校", ("学校",), False, 18, "助学时填写"),
    Column("grade", "年级", (), False, 10, "助学时填写"),
    Column("union", "发放工会", ("工会",), False, 18, "留空则为导入时选定的工会"),
    Column("notes", "备注", (), False, 20),
)

LEDGERS = {"hardship": ("困难职工档案", HARDSHIP_COLUMNS), "aid": ("帮扶台账", AID_COLUMNS)}


def _norm_header(value: Any) -> str:
    s = compact(value).replace("*", "")
    return re.sub(r"\((元|元/年|元/月|人|个)\)$", "", s)


def write_template(kind: str, target: str | Path | IO[bytes]) -> None:
    """Write the empty ledger template of ``kind`` ("hardship" or "aid") as .xlsx: the
    header row (identity-number column formatted as text) and a sheet of instructions."""
    title, columns = LEDGERS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = title
    bold = Font(bold=True)
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.header + ("*" if col.required else ""))
        cell.font = bold
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.key == "id_number":
            for r in range(2, 2001):
                ws.cell(row=r, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for col in columns:
        notes.append([col.header, "是" if col.required else "", col.note])
    notes.append([])
    notes.append(["只读取第一个工作表;表头上方可有标题行,末尾的合计行会被忽略。"])
    wb.save(target)


# ---------------------------------------------------------------- reading

@dataclass
class Sheet:
    name: str
    header_row: int
    columns: dict[str, int]  # key -> 0-based index
    rows: list[tuple[int, tuple]]  # (excel row number, values)
    # (excel row number, 0-based column) -> formula, for the cells of the mapped columns
    # that hold a formula with no saved result (a file written by a program, not Excel)
    unsaved_formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def _unsaved_formulas(source, header_row: int, data: list[tuple[int, tuple]],
                      columns: dict[str, int]) -> dict[tuple[int, int], str]:
    """The formulas behind the empty cells of ``data`` in ``columns``: {(row, col): "=…"}.

    The ledger is read with its saved results (``data_only``); a formula whose result was
    never saved (the file was written by a program and not opened in Excel or WPS since)
    reads as empty, which would be reported as "required" or silently lose the figure.
    The workbook is opened a second time, with its formulas, only when some mapped cell
    is empty."""
    wanted = {(r, c) for r, values in data for c in columns.values()
              if c >= len(values) or values[c] is None}
    if not wanted:
        return {}
    if hasattr(source, "seek"):
        source.seek(0)
    wb = load_workbook(source, read_only=True, data_only=False)
    try:
        found = {}
        for r, values in enumerate(wb.worksheets[0].iter_rows(min_row=header_row + 1,
                                                             values_only=True),
                                   start=header_row + 1):
            for c, value in enumerate(values):
                if (r, c) in wanted and isinstance(value, str) and value.startswith("="):
                    found[(r, c)] = value
        return found
    finally:
        wb.close()


def read_sheet(source, columns: tuple[Column, ...], report: ImportReport) -> Sheet | None:
    """Find the header and the data rows of the first worksheet; structural problems go
    to ``report`` and give None."""
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not .xlsx
        report.problems.append(Problem("", 0, "", "", _("not a readable .xlsx workbook")))
        return None
    try:
        ws = wb.worksheets[0]
        report.sheet = ws.title
        lookup = {}
        for col in columns:
            for name in (col.header, *col.aliases):
                lookup.setdefault(_norm_header(name), col.key)
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    # The header is the first block of rows (at most two: a header merged over two rows)
    # in which most filled cells are column names. A data row that happens to hold a
    # column name (an address cell saying 地址) has one hit among many cells and is not
    # a header row, and no row below data rows is ever taken for the header.
    found: dict[str, int] = {}
    header_rows: list[int] = []
    for r, values in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        filled = [(c, v) for c, v in enumerate(values) if v is not None and text(v) != ""]
        keys = [(c, v, lookup.get(_norm_header(v))) for c, v in filled]
        hits = [(c, v, key) for c, v, key in keys if key is not None]
        is_header = bool(hits) and len(hits) * 2 >= len(filled)
        if not is_header:
            if header_rows:
                break
            continue
        header_rows.append(r)
        for c, value, key in hits:
            if key in found and found[key] != c:
                report.problems.append(Problem(
                    ws.title, r, get_column_letter(c + 1), text(value),
                    _("this column appears twice (also column %(col)s)")
                    % {"col": get_column_letter(found[key] + 1)},
                ))
            found.setdefault(key, c)
        if len(header_rows) == 2:
            break
    if not header_rows:
        report.problems.append(Problem(ws.title, 0, "", "", _(
            "no header row found in the first %(n)d rows; use the template's column names")
            % {"n": HEADER_SCAN_ROWS}))
        return None
    header_row = max(header_rows)
    for col in columns:
        if col.required and col.key not in found:
            report.problems.append(Problem(ws.title, header_row, "", col.header,
                                           _("required column is missing")))
    if report.problems:
        return None
    data = []
    for r, values in enumerate(rows[header_row:], start=header_row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        firsts = [compact(v) for v in values[:4] if v is not None]
        if any(w in f for f in firsts for w in TOTAL_WORDS):
            continue  # a totals row
        data.append((r, values))
    if not data:
        report.problems.append(Problem(ws.title, header_row, "", "", _(
            "the sheet has no data rows under the header (row %(row)d): fill in the rows "
            "below it") % {"row": header_row}))
        return None
    return Sheet(ws.title, header_row, found, data,
                 _unsaved_formulas(source, header_row, data, found))


class RowReader:
    """Reads the cells of one row, collecting problems instead of stopping at the first."""

    def __init__(self, sheet: Sheet, row: int, values: tuple, columns: tuple[Column, ...],
                 report: ImportReport):
        self.sheet, self.row, self.values, self.report = sheet, row, values, report
        self.headers = {c.key: c.header for c in columns}
        self.ok = True

    def raw(self, key: str) -> Any:
        idx = self.sheet.columns.get(key)
        if idx is None or idx >= len(self.values):
            return None
        return self.values[idx]

    def problem(self, key: str, reason: str) -> None:
        idx = self.sheet.columns.get(key)
        letter = get_column_letter(idx + 1) if idx is not None else ""
        self.report.problems.append(
            Problem(self.sheet.name, self.row, letter, self.headers.get(key, ""), reason)
        )
        self.ok = False

    def get(self, key: str, parse: Callable[[Any], Any], *, required: bool = False) -> Any:
        value = self.raw(key)
        formula = self.sheet.unsaved_formulas.get((self.row, self.sheet.columns.get(key)))
        if formula is not None:
            self.problem(key, _(
                "a formula with no saved result (%(formula)s): open and save the file in "
                "Excel or WPS, or type the value") % {"formula": formula[:40]})
            return None
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            self.problem(key, _("required"))
            return None
        try:
            return parse(value)
        except CellError as exc:
            self.problem(key, str(exc))
            return None


def _unions_for(actor: User | None) -> dict[str, Union]:
    qs = Union.objects.all() if actor is None else Union.objects.visible_to(actor)
    return {compact(u.name): u for u in qs.select_related("region")}


def _open_files_by_hash(hashes: list[str],
                        statuses=HardshipFile.OPEN_STATUSES) -> dict[str, HardshipFile]:
    found: dict[str, HardshipFile] = {}
    for i in range(0, len(hashes), BATCH):
        for f in HardshipFile.objects.filter(
            head_id_hash__in=hashes[i:i + BATCH], status__in=statuses
        ).only("id", "union_id", "head_id_hash", "status"):
            found[f.head_id_hash] = f
    return found


def _check_actor(actor: User | None) -> None:
    if actor is not None and not actor.has_role(*services.RECORD_ROLES):
        raise PermissionDenied(_("Your role may not import ledgers."))


# ---------------------------------------------------------------- hardship ledger

def import_hardship(
    source, *, actor: User | None, union: Union | None = None, dry_run: bool = False,
    valid_rows_only: bool = False, today: dt.date | None = None,
) -> ImportReport:
    """Validate and (unless ``dry_run`` or refused) import a hardship ledger as files in
    status ``in_file`` (filed on the 建档日期) kept by the row's union or ``union``.

    ``actor`` None is the command line (every union); otherwise the actor's role must
    allow registering and each union must be in scope. Returns the report; writes nothing
    when it has problems unless ``valid_rows_only``."""
    _check_actor(actor)
    if union is not None and actor is not None and not services._scope_ok(actor, union):
        raise PermissionDenied(_("That union is outside your scope."))
    report = ImportReport(kind="hardship", dry_run=dry_run)
    sheet = read_sheet(source, HARDSHIP_COLUMNS, report)
    if sheet is None:
        return report
    unions = _unions_for(actor)
    visible_ids = (
        None if actor is None
        else set(HardshipFile.objects.visible_to(actor).values_list("union_id", flat=True))
    )
    lines: dict[tuple[int | None, int], Decimal | None] = {}
    candidates: list[tuple[int, HardshipFile]] = []
    seen: dict[str, int] = {}
    for r, values in sheet.rows:
        report.rows += 1
        rd = RowReader(sheet, r, values, HARDSHIP_COLUMNS, report)
        name = rd.get("head_name", compact, required=True)
        number = rd.get("id_number", parse_id_number)
        size = rd.get("household_size", parse_count, required=True)
        primary = rd.get("primary_cause", parse_cause)
        secondary = rd.get("secondary_causes", parse_causes) or []
        monthly = rd.get("monthly_income", parse_amount)
        yearly = rd.get("yearly_income", parse_amount)
        medical = rd.get("medical_expenses", parse_amount) or ZERO
        education = rd.get("education_expenses", parse_amount) or ZERO
        applied_on = rd.get("applied_on", lambda v: parse_date(v, today=today))
        sudden = text(rd.raw("sudden_reason"))
        union_name = compact(rd.raw("union"))
        row_union = union
        if union_name:
            row_union = unions.get(union_name)
            if row_union is None:
                rd.problem("union", _("'%(name)s' is not a union in your scope") % {
                    "name": union_name})
        elif row_union is None:
            rd.problem("union", _("required (no union was chosen for the import)"))
        if monthly is None and yearly is None and rd.ok:
            rd.problem("monthly_income", _("give the monthly or the yearly income"))
        twelve = services.income_disagreement(monthly, yearly)
        if twelve is not None:
            rd.problem("yearly_income", services.income_disagreement_message(twelve))
        phone = rd.get("phone", parse_phone)
        if len([c for c in secondary if c != primary]) > 3:
            rd.problem("secondary_causes", _("at most three secondary causes"))
        id_hash = blind_index(number) if number else ""
        if id_hash in seen:
            rd.problem("id_number", _("the same identity number as row %(row)d") % {
                "row": seen[id_hash]})
        elif id_hash:
            seen[id_hash] = r
        if not rd.ok:
            report.refused_rows.append(r)
            continue
        yearly = yearly if yearly is not None else monthly * 12
        monthly = monthly if monthly is not None else (yearly / 12).quantize(CENT)
        f = HardshipFile(
            union=row_union, head_name=name, head_id_number=number, head_id_hash=id_hash,
            head_phone=phone, employer=text(rd.raw("employer")),
            address=text(rd.raw("address")), household_size=size, primary_cause=primary,
            secondary_causes=services._normalise_causes(primary, secondary)[1],
            monthly_income=monthly, yearly_income=yearly, medical_expenses=medical,
            education_expenses=education, applied_on=applied_on, filed_on=applied_on,
            last_reviewed_on=None, status=HardshipFile.Status.IN_FILE,
            notes=text(rd.raw("notes")), created_by=actor,
        )
        f.per_capita_income = services.per_capita_monthly_income(
            yearly_income=yearly, medical_expenses=medical, education_expenses=education,
            household_size=size,
        )
        key = (row_union.region_id, applied_on.year)
        if key not in lines:
            lines[key] = services.subsistence_line_for(row_union.region, applied_on.year)
        f.subsistence_line = lines[key]
        if sudden:
            f.severity, f.sudden_reason = HardshipFile.Severity.SUDDEN, sudden
        else:
            f.severity = services.severity_for(f.per_capita_income, f.subsistence_line)
            if not f.severity:
                if f.subsistence_line is None:
                    rd.problem("applied_on", _("no subsistence line is kept for %(union)s's "
                                               "region in %(year)d") % {
                        "union": row_union.name, "year": applied_on.year})
                else:
                    rd.problem("yearly_income", _(
                        "per-capita income %(pc)s is not below twice the subsistence line "
                        "%(line)s; fill in 意外致困理由 for a sudden hardship") % {
                        "pc": f.per_capita_income, "line": f.subsistence_line})
                report.refused_rows.append(r)
                continue
        candidates.append((r, f))
    existing = _open_files_by_hash([f.head_id_hash for _r, f in candidates])
    to_create: list[tuple[int, HardshipFile]] = []
    for r, f in candidates:
        other = existing.get(f.head_id_hash)
        if other is None:
            to_create.append((r, f))
        elif visible_ids is None or other.union_id in visible_ids:
            report.already_present += 1
        else:
            report.problems.append(Problem(
                sheet.name, r, get_column_letter(sheet.columns["id_number"] + 1), "身份证号码",
                _("already in an open hardship file kept by another union")))
            report.refused_rows.append(r)
    report.valid = len(to_create) + report.already_present
    report.problems.sort(key=lambda p: p.row)
    report.refused_rows.sort()
    if dry_run or (report.problems and not valid_rows_only):
        return report
    with transaction.atomic():
        files = [f for _r, f in to_create]
        for i in range(0, len(files), BATCH):
            HardshipFile.objects.bulk_create(files[i:i + BATCH])
        FileEvent.objects.bulk_create(
            [FileEvent(file=f, actor=actor, action="import", from_status="",
                       to_status=f.status, data={"sheet": sheet.name, "row": r})
             for r, f in to_create],
            batch_size=BATCH,
        )
        SensitiveAccessLog.objects.create(
            user=actor, action=SensitiveAccessLog.Action.IMPORT, record_type="hardship ledger",
            detail={"rows": report.rows, "created": len(files),
                    "refused_rows": report.refused_rows},
        )
    report.created = len(to_create)
    report.written = True
    return report


# ---------------------------------------------------------------- aid ledger

def _cents(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _aid_signature(file_id: int, kind: str, day: dt.date, cash, goods) -> tuple:
    """What makes two aids the same aid: the file, kind, date, cash (CNY, to the cent)
    and the goods lines as a sorted tuple of (name, quantity, value)."""
    return (file_id, kind, day, _cents(cash),
            tuple(sorted((name, _cents(qty), _cents(value)) for name, qty, value in goods)))


def _recorded_aids(file_ids: list[int]) -> set[tuple]:
    """The signatures (:func:`_aid_signature`) of every aid already recorded for these
    files, whatever its source (typed on the web or imported)."""
    out: set[tuple] = set()
    for i in range(0, len(file_ids), BATCH):
        batch = file_ids[i:i + BATCH]
        goods: dict[int, list] = {}
        for aid_id, name, qty, value in AidGoodsLine.objects.filter(
            aid__file_id__in=batch
        ).values_list("aid_id", "name", "quantity", "value"):
            goods.setdefault(aid_id, []).append((name, qty, value))
        for pk, file_id, kind, day, cash in Aid.objects.filter(file_id__in=batch).values_list(
            "pk", "file_id", "kind", "date", "cash"
        ):
            out.add(_aid_signature(file_id, kind, day, cash, goods.get(pk, [])))
    return out


def import_aid(
    source, *, actor: User | None, union: Union | None = None, dry_run: bool = False,
    valid_rows_only: bool = False, today: dt.date | None = None,
) -> ImportReport:
    """Validate and (unless ``dry_run`` or refused) import an aid ledger. Each row is one
    aid (cash and at most one goods line) to the open file of the identity number, given by
    the row's union or ``union``. Rows already imported (same content), or equal to an aid
    already recorded for the file in any way (same kind, date, cash and goods), are counted
    as present, not duplicated."""
    _check_actor(actor)
    if union is not None and actor is not None and not services._scope_ok(actor, union):
        raise PermissionDenied(_("That union is outside your scope."))
    report = ImportReport(kind="aid", dry_run=dry_run)
    sheet = read_sheet(source, AID_COLUMNS, report)
    if sheet is None:
        return report
    unions = _unions_for(actor)
    rows = []
    for r, values in sheet.rows:
        report.rows += 1
        rd = RowReader(sheet, r, values, AID_COLUMNS, report)
        number = rd.get("id_number", parse_id_number)
        kind = rd.get("kind", parse_aid_kind)
        day = rd.get("date", lambda v: parse_date(v, today=today))
        cash = rd.get("cash", parse_amount) or ZERO
        goods_name = compact(rd.raw("goods_name"))
        qty = rd.get("goods_quantity", parse_quantity)
        unit = compact(rd.raw("goods_unit"))
        value = rd.get("goods_value", parse_amount)
        student, school, grade = (compact(rd.raw("student_name")), text(rd.raw("school")),
                                  compact(rd.raw("grade")))
        union_name = compact(rd.raw("union"))
        row_union = union
        if union_name:
            row_union = unions.get(union_name)
            if row_union is None:
                rd.problem("union", _("'%(name)s' is not a union in your scope") % {
                    "name": union_name})
        elif row_union is None:
            rd.problem("union", _("required (no union was chosen for the import)"))
        if goods_name and _blank(rd.raw("goods_quantity")):
            rd.problem("goods_quantity", _("required when goods are named"))
        if goods_name and value is None:
            rd.problem("goods_value", _("required when goods are named"))
        if not goods_name and (qty or value):
            rd.problem("goods_name", _("required when a goods quantity or value is given"))
        if rd.ok and cash <= 0 and not (value and value > 0):
            rd.problem("cash", _("an aid needs cash or goods of some value"))
        for key in services.education_aid_missing(kind, student_name=student, school=school,
                                                  grade=grade):
            rd.problem(key, _("required for education aid"))
        if not rd.ok:
            report.refused_rows.append(r)
            continue
        id_hash = blind_index(number)
        key = blind_index("|".join([
            id_hash, kind, day.isoformat(), str(cash), goods_name, str(qty or ""),
            str(value or ""), student, str(row_union.pk),
        ]))
        rows.append((r, rd, id_hash, key, dict(
            union=row_union, kind=kind, date=day, cash=cash, goods_value=value or ZERO,
            student_name=student, school=school, grade=grade, notes=text(rd.raw("notes")),
            import_key=key, created_by=actor,
        ), (goods_name, qty, unit, value)))
    files = _open_files_by_hash(sorted({row[2] for row in rows}), services.AID_FILE_STATUSES)
    visible = (
        None if actor is None
        else set(HardshipFile.objects.visible_to(actor).filter(
            pk__in=[f.pk for f in files.values()]).values_list("pk", flat=True))
    )
    keys = [row[3] for row in rows]
    present: set[str] = set()
    for i in range(0, len(keys), BATCH):
        present.update(Aid.objects.filter(import_key__in=keys[i:i + BATCH])
                       .values_list("import_key", flat=True))
    recorded = _recorded_aids(sorted({f.pk for f in files.values()}))
    seen: dict[str, int] = {}
    to_create = []
    for r, rd, id_hash, key, fields, goods in rows:
        f = files.get(id_hash)
        if f is None or (visible is not None and f.pk not in visible):
            rd.problem("id_number", _("no open hardship file with this identity number in "
                                      "your scope"))
        elif key in seen:
            rd.problem("", _("the same aid as row %(row)d") % {"row": seen[key]})
        if not rd.ok:
            report.refused_rows.append(r)
            continue
        seen[key] = r
        if key in present or _aid_signature(
            f.pk, fields["kind"], fields["date"], fields["cash"],
            [(goods[0], goods[1], goods[3])] if goods[0] else [],
        ) in recorded:
            report.already_present += 1
            continue
        to_create.append((r, Aid(file=f, **fields), goods))
    report.valid = len(to_create) + report.already_present
    report.problems.sort(key=lambda p: p.row)
    report.refused_rows.sort()
    if dry_run or (report.problems and not valid_rows_only):
        return report
    with transaction.atomic():
        aids = [a for _r, a, _g in to_create]
        Aid.objects.bulk_create(aids, batch_size=BATCH)
        AidGoodsLine.objects.bulk_create(
            [AidGoodsLine(aid=a, name=g[0], quantity=g[1], unit=g[2], value=g[3])
             for _r, a, g in to_create if g[0]],
            batch_size=BATCH,
        )
        FileEvent.objects.bulk_create(
            [FileEvent(file_id=a.file_id, actor=actor, action="aid", from_status=a.file.status,
                       to_status=a.file.status, data={"aid": a.pk, "kind": a.kind,
                                                  "imported_row": r})
             for r, a, _g in to_create],
            batch_size=BATCH,
        )
        SensitiveAccessLog.objects.create(
            user=actor, action=SensitiveAccessLog.Action.IMPORT, record_type="aid ledger",
            detail={"rows": report.rows, "created": len(aids),
                    "refused_rows": report.refused_rows},
        )
    report.created = len(to_create)
    report.written = True
    return report


IMPORTERS = {"hardship": import_hardship, "aid": import_aid}
