"""Issue 8, sixth round (tuned on the fourth blind set): zero-width characters and minus
signs (two bugs a tester found), numbered round-up items, staff and distribution lines,
account headers, follow-up counts and organisation edges; each rule on real sentences."""

from __future__ import annotations

import pytest

from gonghui.ingest.drafts import ingest
from gonghui.ingest.numbers import find_figures
from gonghui.ingest.pipeline import analyse
from gonghui.ingest.repair import repair_layout


def figs(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.thing) for f in find_figures(text)]


# --- bug (a): zero-width characters inside a number ---------------------------------

def test_zero_width_characters_dropped_before_numbers_are_read():
    blocks, repairs = repair_layout("近日，县总工会走访困难职工\u200b3\u200b0户，发放慰问金\ufeff5\u2060万元。")
    assert blocks == ["近日，县总工会走访困难职工30户，发放慰问金5万元。"]
    [rep] = repairs
    assert rep.kind == "zero_width" and rep.note == "4 zero-width character(s) removed"
    assert rep.before == "走访困难职工[U+200B]3[U+200B]0户，发放" and rep.after == "走访困难职工30户，发放"


def test_zero_width_figures_and_offsets_in_the_analysis():
    text = "热血传递\n\n近日，县总工会走访困难职工\u200c3\u200d0户。共有\u200b242人参加无偿献血，累计献血8万\u200b毫升。"
    [art] = analyse(text, use_database=False).articles
    para = art.article.paragraphs[0]
    assert para == "近日，县总工会走访困难职工30户。共有242人参加无偿献血，累计献血8万毫升。"
    got = [(f.value, f.unit, para[f.start:f.end]) for _p, f in art.figures]
    assert got == [(30, "households", "30户"), (242, "persons", "242人"), (80000, "mL", "8万毫升")]


def test_zero_width_source_sentence_spans_point_at_the_clean_text(people):
    text = ("热血传递\n\n近日，县总工会组织职工献血。共有\u200b2\u200b42人参加无偿献血，"
            "累计献血8万\u200b毫升，15人参加造血干细胞登记。")
    stored = ingest(actor=people.officer, text=text, page_date=None)
    [blood] = [d for d in stored.drafts.all() if d.payload.get("event_kind") == "blood_drive"]
    assert blood.payload["figures"]["donors"] == 242
    assert blood.payload["figures"]["blood_volume"] == 80000
    para = stored.analysis["articles"][0]["paragraphs"]
    sentences = [para[s["paragraph"]][s["start"]:s["end"]] for s in blood.spans]
    assert sentences == ["共有242人参加无偿献血，累计献血8万毫升，15人参加造血干细胞登记。"]
    assert stored.analysis["repairs"][0]["kind"] == "zero_width"


# --- bug (b): a minus sign before an amount -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("职工互助基金结余-5万元，走访企业3家。", [(3, "organisations", "企业")]),
    ("困难职工家庭较去年－12户。", []),
    ("流失率同比−3%。", []),
    ("全年发放慰问金5万元。", [(50000, "yuan", "慰问金")]),
    # a dash between two numbers is a range, not a sign: the second number is still read
    ("2024-2025学年资助学生5名。", [(5, "persons", "学生")]),
])
def test_negative_numbers_are_not_figures(text, expected):
    assert figs(text) == expected


def test_text_page_names_the_zero_width_repair_and_highlights_the_clean_sentence(client, people):
    client.force_login(people.officer)
    text = "热血传递\n\n近日，县总工会组织职工献血。共有\u200b2\u200b42人参加无偿献血，累计献血8万毫升。"
    resp = client.post("/ingest/", {"text": text})
    html = client.get(resp.url).content.decode()
    assert "Invisible zero-width characters removed" in html
    assert 'data-repair="zero_width"' in html
    assert "共有242人参加无偿献血，累计献血8万毫升。</mark>" in html
