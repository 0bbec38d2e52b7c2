"""Issue 8, twelfth round (tuned on the tenth blind set, aimed at robustness): a headline
broken over two lines of a PDF brief is joined; a count of persons whose counted thing is
what they did (转移就业, 成功献血) counts the people named before it. Each rule has three
variants of its own; none is copied from the blind set."""

from __future__ import annotations

import pytest

from gonghui.ingest.numbers import find_figures, normalise_digits
from gonghui.ingest.split import split_page


def headlines(text: str) -> list[str]:
    return [art.headline for art in split_page(text).articles]


BODY = "　　１１月５日，{org}组织开展活动，参加职工１２０人。活动现场气氛热烈，职工反响良好。"


@pytest.mark.parametrize(("first", "second", "joined"), [
    # a word runs across the break (帮|扶, 慰|问, 竞|赛)
    ("宜昌市总工会赴恩施开展结对帮", "扶", "宜昌市总工会赴恩施开展结对帮扶"),
    ("黄石市总工会走访一线职工开展慰", "问", "黄石市总工会走访一线职工开展慰问"),
    # the first line ends mid-phrase, on an adverb
    ("荆州职工积极", "参加健步走", "荆州职工积极参加健步走"),
])
def test_a_headline_broken_over_two_lines_is_joined(first, second, joined):
    text = (f"{first}\n{second}\n" + BODY.format(org="市总工会") + "\n\n"
            "孝感市总工会举办职工运动会\n" + BODY.format(org="孝感市总工会") + "\n")
    assert headlines(text) == [joined, "孝感市总工会举办职工运动会"]


@pytest.mark.parametrize("second", [
    "记者 李明",  # a credit below the headline stays a credit
    "（通讯员）",  # ends with punctuation
    "本报讯 张华",
])
def test_a_line_below_a_headline_that_is_no_continuation_stays_apart(second):
    text = f"鄂州市总工会开展送清凉活动\n{second}\n" + BODY.format(org="鄂州市总工会") + "\n"
    assert headlines(text) == ["鄂州市总工会开展送清凉活动"]


def persons(text: str) -> list[tuple[int, str]]:
    return [(f.value, f.thing) for f in find_figures(text) if f.unit == "persons"]


@pytest.mark.parametrize(("text", "expected"), [
    ("全县各企业的职工踊跃报名，共有215人成功献血。", [(215, "职工")]),
    ("县总工会帮助返乡农民工实现转移就业1200余人。", [(1200, "农民工")]),
    ("活动吸引了众多会员，当天有86人顺利完成体检。", [(86, "会员")]),
])
def test_a_count_of_persons_doing_something_counts_the_people_named_before(text, expected):
    assert persons(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("共有215人成功献血。", [(215, "成功献血")]),  # no people named: left as it was
    ("县总工会组织职工疗休养1500人次。", []),  # person-times count the activity, not changed
])
def test_a_count_of_persons_with_no_people_before_is_left(text, expected):
    assert persons(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("全年慰问３，５００户困难家庭。", [(3500, "households")]),
    ("共有２，０４８名职工参加培训。", [(2048, "persons")]),
    ("发放助学金１，２３４，５６０元。", [(1234560, "yuan")]),
])
def test_a_full_width_comma_between_full_width_digit_groups_separates_thousands(text, expected):
    assert [(f.value, f.unit) for f in find_figures(text)] == expected


def test_a_full_width_comma_before_fewer_or_more_digits_is_kept():
    assert normalise_digits("分为１，２两组，编号１，２３４５") == "分为1，2两组，编号1，2345"


@pytest.mark.parametrize(("lead", "correspondents", "reporters"), [
    ("（通讯员 周晓燕）１０月９日，", ["周晓燕"], []),
    ("（记者 陈立 通讯员 马骏）10月9日，", ["马骏"], ["陈立"]),
    ("(通讯员 孙悦)10月9日，", ["孙悦"], []),
])
def test_a_bracketed_credit_opening_the_lead_without_bao_xun_is_the_byline(lead, correspondents, reporters):
    text = "咸宁市总工会开展职工健康体检\n　　" + lead + "咸宁市总工会组织职工健康体检，共有３２０名职工参加。\n"
    art = split_page(text).articles[0]
    assert (art.headline, art.byline.correspondents, art.byline.reporters) == (
        "咸宁市总工会开展职工健康体检", correspondents, reporters)
    assert not art.paragraphs[0].startswith(("（", "("))


@pytest.mark.parametrize(("text", "expected"), [
    ("活动在全市设立服务点８个，持续４天。", [(4, "days", "活动")]),
    ("集训在宜昌举行，安排课程10场，历时7天。", [(7, "days", "集训")]),
    ("展览展出作品200件，持续10天。", [(10, "days", "展览")]),
])
def test_a_lasting_after_a_count_counts_the_activity_the_sentence_opens_with(text, expected):
    assert [(f.value, f.unit, f.thing) for f in find_figures(text) if f.unit == "days"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("市总工会分三批组织劳模赴黄山开展疗休养。", [(3, "batches", "疗休养")]),
    ("分6批组织职工参加集训，每批40人。", [(6, "batches", "集训")]),
    ("工会分两批安排一线职工参加技能培训。", [(2, "batches", "培训")]),
])
def test_batches_before_a_verb_count_the_activity_named_after(text, expected):
    assert [(f.value, f.unit, f.thing) for f in find_figures(text) if f.unit == "batches"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("全市竞赛覆盖率达百分之九十以上。", [(90, "percent", "竞赛覆盖率", "over", "百分之九十以上")]),
    ("新建企业入会率达到百分之八十五。", [(85, "percent", "企业入会率", "", "百分之八十五")]),
    ("职工满意度达百分之97.5。", [(97.5, "percent", "职工满意度", "", "百分之97.5")]),
])
def test_a_share_written_bai_fen_zhi_is_a_percent(text, expected):
    assert [(f.value, f.unit, f.thing, f.qualifier, f.text) for f in find_figures(text)] == expected
