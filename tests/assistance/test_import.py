"""Excel import of messy ledgers, built in the tests."""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from gonghui.assistance import importing
from gonghui.assistance.models import Aid, AidGoodsLine, FileEvent, HardshipFile

from ..factories import make_id_number
from .conftest import register

HEAD = ["户主姓名", "身份证号码", "联系电话", "所属工会", "家庭人口", "主要致困原因",
        "其他致困原因", "家庭月收入", "家庭年收入", "医疗支出", "建档日期"]
TODAY = dt.date(2025, 6, 30)


def ledger(rows, *, head=HEAD, title=None, totals=None, two_tier=False) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    if two_tier:
        # 收入情况 merged over the two income columns; the other headers merged vertically.
        top = ws.max_row + 1 if title else 1
        for i, h in enumerate(head, start=1):
            if h in ("家庭月收入", "家庭年收入"):
                continue
            ws.cell(row=top, column=i, value=h)
            ws.merge_cells(start_row=top, start_column=i, end_row=top + 1, end_column=i)
        m = head.index("家庭月收入") + 1
        ws.cell(row=top, column=m, value="收入情况")
        ws.merge_cells(start_row=top, start_column=m, end_row=top, end_column=m + 1)
        ws.cell(row=top + 1, column=m, value="家庭月收入")
        ws.cell(row=top + 1, column=m + 1, value="家庭年收入(元)")
    else:
        ws.append(head)
    for row in rows:
        ws.append(row)
    if totals:
        ws.append(totals)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def row(n=None, **kw):
    values = {
        "户主姓名": "林秀英", "身份证号码": make_id_number(n=n), "联系电话": "13812345678",
        "所属工会": "武康街道总工会", "家庭人口": 3, "主要致困原因": "因病",
        "其他致困原因": "子女教育", "家庭月收入": 2000, "家庭年收入": None, "医疗支出": "12,000元",
        "建档日期": dt.date(2024, 3, 1),
    }
    values.update(kw)
    return [values[h] for h in HEAD]


def imp(buf, **kw):
    kw.setdefault("today", TODAY)
    kw.setdefault("actor", None)
    return importing.import_hardship(buf, **kw)


def test_clean_messy_ledger_imports_and_reimport_changes_nothing(regions, people, tree):
    ids = [make_id_number(birth=f"19{70 + i}0101") for i in range(8)]
    rows = [
        row(身份证号码=ids[0]),
        # Full-width digits in size and amount, stray spaces. (An 18-digit ID typed as a
        # number never survives: xlsx stores numbers as doubles, 15-16 significant digits;
        # openpyxl writes 3.305211971010101e+17. That refusal is tested below.)
        row(身份证号码=ids[1], 家庭人口="３",
            家庭月收入=" 1,800.00 元 ", 户主姓名=" 张  伟 "),
        # full-width ID with spaces, Excel serial date
        row(身份证号码=" " + "".join(chr(ord(c) + 0xFEE0) for c in ids[2]) + " ",
            建档日期=43556),
        row(身份证号码=ids[3], 建档日期="2019.4.1"),
        row(身份证号码=ids[4], 建档日期="2019/4/1"),
        row(身份证号码=ids[5], 建档日期="2019年4月1日", 所属工会="新市镇总工会"),
        row(身份证号码=ids[6], 家庭月收入=None, 家庭年收入="２４，０００", 其他致困原因="残疾、失业"),
        row(身份证号码=ids[7], 家庭月收入=9000, 主要致困原因="意外"),
    ]
    # the last one is above 2x the line: sudden reason missing -> refused; fix with a column
    buf = ledger(rows, title="德清县困难职工档案台账（2024年）",
                 totals=["合计", None, None, None, 24, None, None, 27800])
    report = imp(buf)
    assert [(p.row, p.column, p.header) for p in report.problems] == [(10, "I", "家庭年收入")]
    assert "twice the subsistence line" in report.problems[0].reason
    assert HardshipFile.objects.count() == 0 and not report.written

    rows[7] = row(身份证号码=ids[7], 家庭月收入=9000, 主要致困原因="意外")
    head = [*HEAD, "意外致困理由"]
    rows = [r + [None] for r in rows]
    rows[7][-1] = "车祸致家中主要劳动力重伤"
    report = imp(ledger(rows, head=head, title="台账", totals=["合计"]))
    assert report.problems == []
    assert (report.rows, report.created, report.written) == (8, 8, True)
    files = {f.head_id_number: f for f in HardshipFile.objects.all()}
    assert set(files) == set(ids)
    f = files[ids[1]]
    assert (f.head_name, f.household_size, f.monthly_income) == ("张伟", 3, Decimal("1800.00"))
    # (1800*12 - 12000) / 12 / 3 = 266.67
    assert (f.per_capita_income, f.severity, f.status) == (Decimal("266.67"), "deep", "in_file")
    assert files[ids[2]].applied_on == dt.date(2019, 4, 1)
    assert {files[i].applied_on for i in ids[3:6]} == {dt.date(2019, 4, 1)}
    assert files[ids[5]].union == tree.xinshi
    assert files[ids[6]].yearly_income == Decimal("24000.00")
    assert files[ids[6]].secondary_cause_list == ["disability", "unemployment"]
    assert files[ids[7]].severity == "sudden"
    assert FileEvent.objects.filter(action="import").count() == 8

    snapshot = sorted(HardshipFile.objects.values_list("head_id_hash", "union_id", "severity"))
    again = imp(ledger(rows, head=head, title="台账", totals=["合计"]))
    assert (again.problems, again.created, again.already_present) == ([], 0, 8)
    assert sorted(HardshipFile.objects.values_list("head_id_hash", "union_id", "severity")) \
        == snapshot
    assert FileEvent.objects.count() == 8


def test_two_tier_merged_header(regions):
    report = imp(ledger([row(n=11), row(n=12)], title="困难职工台账", two_tier=True))
    assert report.problems == []
    assert report.created == 2


def test_every_bad_row_reported_and_nothing_written(regions, people, tree):
    good = make_id_number(n=21)
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        row(n=20),
        row(身份证号码=3.30521198001011e17),  # number in scientific notation
        row(身份证号码="3.30521E+17"),  # scientific notation as text
        row(身份证号码=bad_check),
        row(n=22, 建档日期="2019.13.1"),
        row(n=23, 建档日期="昨天"),
        row(n=24, 家庭月收入="两千"),
        row(n=25, 所属工会="长兴县总工会X"),
        row(n=26, 家庭人口=0),
        row(n=27, 主要致困原因="懒"),
        row(身份证号码=good),
        row(身份证号码=good),
        row(n=28, 建档日期=dt.date(2030, 1, 1)),
    ]
    report = imp(ledger(rows, title="台账"))
    got = [(p.row, p.column) for p in report.problems]
    assert got == [(4, "B"), (5, "B"), (6, "B"), (7, "K"), (8, "K"), (9, "H"), (10, "D"),
                   (11, "E"), (12, "F"), (14, "B"), (15, "K")]
    reasons = {p.row: p.reason for p in report.problems}
    assert "15 digits" in reasons[4] and "15 digits" in reasons[5]
    assert "check digit" in reasons[6]
    assert "row 13" in reasons[14]
    assert "future" in reasons[15]
    assert HardshipFile.objects.count() == 0
    assert not report.written
    # explicit choice: import the valid rows, the refused ones are listed
    report = imp(ledger(rows, title="台账"), valid_rows_only=True)
    assert report.created == 2  # rows 3 and 13
    assert report.refused_rows == [4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]
    assert HardshipFile.objects.count() == 2


def test_missing_column_and_not_a_workbook(regions):
    report = imp(ledger([row(n=30)[:1]], head=["户主姓名"]))
    assert {p.header for p in report.problems} == {"身份证号码", "家庭人口", "主要致困原因",
                                                   "建档日期"}
    assert imp(io.BytesIO(b"not excel")).problems[0].reason == "not a readable .xlsx workbook"


def test_id_filed_by_another_union_is_refused_without_detail(regions, people, tree):
    number = make_id_number(n=40)
    register(people.xinshi_officer, tree.xinshi, id_number=number, head_name="王某")
    report = imp(ledger([row(身份证号码=number)]), actor=people.wukang_officer)
    assert len(report.problems) == 1
    assert report.problems[0].reason == "already in an open hardship file kept by another union"
    assert "新市" not in str(report.problems[0]) and "王某" not in str(report.problems[0])
    assert HardshipFile.objects.count() == 1
    # a union outside the officer's scope is unknown to them
    report = imp(ledger([row(n=41, 所属工会="新市镇总工会")]), actor=people.wukang_officer)
    assert report.problems[0].column == "D"


AID_HEAD = ["户主姓名", "身份证号码", "帮扶类别", "发放日期", "现金", "物资名称", "物资数量",
            "单位", "物资价值", "学生姓名", "就读学校", "年级", "发放工会"]


def aid_ledger(rows):
    return ledger(rows, head=AID_HEAD, title="2024年帮扶台账", totals=["合计", None, None, None,
                                                                       "3,300"])


def test_aid_ledger_import_and_reimport(regions, people, tree):
    a = make_id_number(n=50)
    imp(ledger([row(身份证号码=a)]))
    rows = [
        ["林秀英", a, "慰问", "2024.2.1", "500元", "棉被", 2, "床", "400", None, None, None,
         "武康街道总工会"],
        ["林秀英", a, "春风助学", 45530, "2,000", None, None, None, None, "林小雨", "德清县第一中学",
         "高一", "武康街道总工会"],
        ["林秀英", a, "医疗救助", "2024年6月1日", 800, None, None, None, None, None, None, None,
         None],
    ]
    report = importing.import_aid(aid_ledger(rows), actor=None, union=tree.county, today=TODAY)
    assert report.problems == [] and report.created == 3
    assert sorted(Aid.objects.values_list("kind", "cash", "goods_value")) == [
        ("condolence", Decimal("500.00"), Decimal("400.00")),
        ("medical", Decimal("800.00"), Decimal("0.00")),
        ("spring_education", Decimal("2000.00"), Decimal("0.00")),
    ]
    assert Aid.objects.get(kind="medical").union == tree.county
    assert Aid.objects.get(kind="spring_education").date == dt.date(2024, 8, 26)
    assert AidGoodsLine.objects.get().name == "棉被"
    again = importing.import_aid(aid_ledger(rows), actor=None, union=tree.county, today=TODAY)
    assert (again.created, again.already_present, Aid.objects.count()) == (0, 3, 3)

    bad = [
        ["x", make_id_number(n=51), "慰问", "2024.2.1", 100] + [None] * 8,  # no file
        ["x", a, "春风助学", "2024.2.1", 100] + [None] * 8,  # student missing
        ["x", a, "送钱", "2024.2.1", 100] + [None] * 8,
        ["x", a, "慰问", "2024.2.1", None, "大米"] + [None] * 7,
    ]
    report = importing.import_aid(aid_ledger(bad), actor=None, union=tree.county, today=TODAY)
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "B"), (4, "J"), (4, "K"), (4, "L"), (5, "C"), (6, "G"), (6, "I")]
    assert Aid.objects.count() == 3


def test_aid_typed_on_the_web_is_not_imported_again(regions, people, tree):
    """Fresh-eyes finding: an aid ledger row equal to an aid typed on the web (same file,
    kind, date, amount) was created a second time; only earlier imports were checked. Now
    it is reported as already there, goods included in the comparison."""
    from gonghui.assistance import services

    a = make_id_number(n=52)
    imp(ledger([row(身份证号码=a)]))
    f = HardshipFile.objects.get()
    services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang, kind="living",
                        date=dt.date(2024, 11, 25), cash=Decimal("123.45"))
    services.aid_record(actor=people.wukang_officer, file=f, union=tree.wukang,
                        kind="condolence", date=dt.date(2024, 2, 1), cash="500",
                        goods=[services.GoodsLine("棉被", Decimal(2), "床", Decimal(400))])
    rows = [
        ["林秀英", a, "生活救助", "2024-11-25", "123.45"] + [None] * 8,
        ["林秀英", a, "慰问", "2024.2.1", "500元", "棉被", 2, "床", "400"] + [None] * 4,
        # Same cash, other goods value: a different aid.
        ["林秀英", a, "慰问", "2024.2.1", "500元", "棉被", 2, "床", "300"] + [None] * 4,
    ]
    report = importing.import_aid(aid_ledger(rows), actor=None, union=tree.wukang,
                                  valid_rows_only=True, today=TODAY)
    assert (report.problems, report.created, report.already_present) == ([], 1, 2)
    assert sorted(Aid.objects.values_list("kind", "cash", "goods_value")) == [
        ("condolence", Decimal("500.00"), Decimal("300.00")),
        ("condolence", Decimal("500.00"), Decimal("400.00")),
        ("living", Decimal("123.45"), Decimal("0.00")),
    ]


def test_template_round_trip_and_cli(regions, tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    call_command("import", "hardship", "--template", str(path))
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]][:2] == ["户主姓名*", "身份证号码*"]
    ok = tmp_path / "ok.xlsx"
    ok.write_bytes(ledger([row(n=60), row(n=61)]).getvalue())
    call_command("import", "hardship", str(ok), "--dry-run")
    assert "2 valid" in capsys.readouterr().out
    assert HardshipFile.objects.count() == 0
    call_command("import", "hardship", str(ok))
    assert HardshipFile.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(ledger([row(n=62), row(n=63, 建档日期="明天")], title="标题").getvalue())
    with pytest.raises(CommandError) as err:
        call_command("import", "hardship", str(bad))
    assert err.value.returncode == 2
    out = capsys.readouterr().out
    assert "sheet 台账, row 4, column K 建档日期: '明天' is not a date" in out
    assert HardshipFile.objects.count() == 2
    call_command("import", "aid", "--template", str(tmp_path / "aid.xlsx"))
    assert load_workbook(tmp_path / "aid.xlsx").worksheets[0]["C1"].value == "帮扶类别*"


def big_ledger(n: int) -> io.BytesIO:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEAD)
    for i in range(n):
        ws.append([f"职工{i}", _id(i), "13800000000", "武康街道总工会", 3, "因病", "",
                   1500, None, 0, "2024-03-01"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _id(i: int) -> str:
    """A distinct valid ID number for i < 10,000 * 28 (birth day varies, serial 000-999)."""
    day = dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000)
    return make_id_number(birth=day.strftime("%Y%m%d"), n=i % 1000)


def test_ten_thousand_rows(regions):
    n = 10_000
    buf = big_ledger(n)
    start = time.perf_counter()
    report = imp(buf)
    elapsed = time.perf_counter() - start
    assert report.problems == []
    assert report.created == n
    assert HardshipFile.objects.count() == n
    assert elapsed < 60, f"10,000 rows took {elapsed:.1f} s"


def test_a_data_cell_that_reads_like_a_header_is_data(regions, people, tree):
    """A ledger row whose address cell says 地址 (an alias of 家庭住址) is a data row: the
    rows above it used to vanish because the last matching row was taken as the header."""
    head = [*HEAD, "家庭住址"]
    rows = [row(n=i + 1) + ["武康街道某小区"] for i in range(5)]
    rows[3][-1] = "地址"
    report = imp(ledger(rows, head=head, title="台账"), actor=people.reviewer)
    assert report.problems == []
    assert (report.rows, report.created, report.written) == (5, 5, True)
    assert sorted(HardshipFile.objects.values_list("address", flat=True)) == [
        "地址", "武康街道某小区", "武康街道某小区", "武康街道某小区", "武康街道某小区",
    ]


def test_formula_without_saved_result_is_named_not_called_missing(regions, people, tree,
                                                                  tmp_path):
    """A ledger written by a program (not saved in Excel or WPS) holds formulas with no
    result; read with results only they would be empty: 家庭人口 reported as "required"
    and a monthly income silently lost. Each is reported at its cell with the formula."""
    rows = [row(n=50), row(n=51, 家庭人口="=1+2", 家庭月收入="=H2*2")]
    report = imp(ledger(rows))
    got = [(p.row, p.column, p.reason) for p in report.problems]
    assert got == [
        (3, "E", "a formula with no saved result (=1+2): open and save the file in Excel "
                 "or WPS, or type the value"),
        (3, "H", "a formula with no saved result (=H2*2): open and save the file in Excel "
                 "or WPS, or type the value"),
    ]
    assert HardshipFile.objects.count() == 0
    assert not report.written
    # the same ledger from a path (the command line) reads the same
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(ledger(rows).getvalue())
    assert [(p.row, p.column) for p in imp(str(path)).problems] == [(3, "E"), (3, "H")]
