"""Issue 8, eleventh round (tuned on the ninth blind set, aimed at robustness): a duration
written only with a word of lasting (持续, 每期, 为期) counts the activity named before it.
Each rule has three or more variants of its own; none is copied from the blind set."""

from __future__ import annotations

import pytest

from gonghui.ingest.numbers import find_figures


def days(text: str) -> list[tuple[int, str, str]]:
    return [(f.value, f.unit, f.thing) for f in find_figures(text) if f.unit == "days"]


@pytest.mark.parametrize(("text", "expected"), [
    ("全市职工篮球联赛昨日开幕，赛事将持续12天。", [(12, "days", "赛事")]),
    ("组织一线劳模参加集训，每期7天。", [(7, "days", "集训")]),
    ("市总工会主办的职工羽毛球比赛今日开赛，比赛持续三天。", [(3, "days", "比赛")]),
    ("今年安排职工赴舟山等地开展疗休养，每期六天，共八期。", [(6, "days", "疗休养")]),
])
def test_a_duration_of_lasting_counts_the_activity(text, expected):
    assert days(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("职工书画展开幕，展览持续10天。", [(10, "days", "展览")]),
    ("持续5天，内容丰富。", [(5, "days", "持续")]),  # no activity named: left as it was
])
def test_a_duration_written_after_its_activity_or_alone(text, expected):
    assert days(text) == expected


def _page(text: str):
    from gonghui.ingest.split import split_page
    return split_page(text)


BODY = "　　今年以来，各级工会共走访困难职工家庭一千二百户，发放慰问金86万元，现将有关情况通报如下。"


@pytest.mark.parametrize("text", [
    # issuer above the title, addressee below, signature and date at the end
    "湖州市总工会\n关于2026年职工疗休养工作开展情况的通报\n\n各区县总工会，市直各基层工会：\n" + BODY
    + "\n\n湖州市总工会\n2026年10月8日\n",
    # a 文号 line, no issuer line, a 通知
    "湖工发〔2026〕12号\n\n关于开展2026年职工疗休养工作的通知\n\n各区县总工会：\n" + BODY + "\n",
    # issuer and 文号, an 意见, addressee in the same block as the title
    "湖州市总工会办公室\n湖工办〔2026〕7号\n关于做好困难职工帮扶工作的意见\n各产业工会、市直各基层工会：\n" + BODY + "\n",
    # no head lines at all, a 情况汇报
    "关于吴兴区职工技能大赛开展情况的汇报\n\n" + BODY + "\n\n吴兴区总工会\n2026年5月6日\n",
])
def test_a_notice_title_is_the_headline_without_its_head_lines(text):
    page = _page(text)
    assert len(page.articles) == 1
    art = page.articles[0]
    assert art.headline.startswith("关于") and art.headline.endswith(("通报", "通知", "意见", "汇报"))
    body = "\n".join(art.paragraphs)
    assert "：" not in body.split("\n")[0]  # the addressee line is not the first paragraph
    assert not any(p.strip() in ("湖州市总工会", "吴兴区总工会") for p in art.paragraphs)
    assert body.startswith("　　今年以来") or body.startswith("今年以来")


def test_a_headline_beginning_with_guanyu_but_no_notice_keeps_its_lines():
    page = _page("关于职工疗休养的几点思考\n\n" + BODY + "\n")
    assert page.articles[0].headline == "关于职工疗休养的几点思考"
    assert not any(r.kind == "notice_head" for r in page.repairs)


ITEMS = ("01\n金秋助学资金发放\n　　9月10日，嘉兴市总工会举行助学金发放仪式，资助困难职工子女120名。\n\n"
         "02\n职工气排球赛开赛\n　　9月12日，秀洲区总工会主办的职工气排球赛开赛，16支队伍参赛。\n")


@pytest.mark.parametrize("title", [
    "嘉兴工会这一周｜金秋助学、气排球开赛……",
    "一周速览：助学、赛事、慰问",
    "本周工会大事记 | 助学金发放、气排球赛、送清凉",
])
def test_a_post_title_above_its_dateline_is_no_article(title):
    page = _page(f"{title}\n嘉兴工会　2026年9月15日 18:30　浙江\n\n{ITEMS}")
    assert [a.headline for a in page.articles] == ["金秋助学资金发放", "职工气排球赛开赛"]


@pytest.mark.parametrize(("text", "expected"), [
    ("济南二机床集团有限公司举办职工技能大赛。", ["济南二机床集团有限公司"]),
    ("沈阳三机床厂工会开展送清凉活动。", ["沈阳三机床厂工会"]),
    ("上海五钢有限公司工会组织职工疗休养。", ["上海五钢有限公司工会"]),
    ("浙江三家企业工会参加了活动。", []),  # a count of bodies, no name
])
def test_a_numbered_works_after_its_city_is_one_name(text, expected):
    from gonghui.ingest.entities import find_org_names
    assert [o.name for o in find_org_names(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("今年为丽水培训工会会员200名。", []),
    ("为恩施选派工会骨干10名。", []),
    ("计划为阿坝州输送工会干部30名，陇南市总工会负责组织。", ["陇南市总工会"]),
])
def test_serving_the_unions_people_names_no_body(text, expected):
    from gonghui.ingest.entities import find_org_names
    assert [o.name for o in find_org_names(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("宁波市慈善总会和杭州市职工帮扶基金会共同出资。", ["宁波市慈善总会", "杭州市职工帮扶基金会"]),
    ("衢州市总工会联合衢州市慈善会开展助学活动。", ["衢州市总工会", "衢州市慈善会"]),
    ("我们成立了慈善会和基金会。", []),  # no place or name before: no body named
])
def test_a_charity_or_foundation_with_its_place_is_a_name(text, expected):
    from gonghui.ingest.entities import find_org_names
    assert [o.name for o in find_org_names(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("上下半年先后筹集助学金12万元和9万元。", [(120000, "yuan", "助学金"), (90000, "yuan", "助学金")]),
    ("市、县两级工会各拨付帮扶资金八万元、六万元。", [(80000, "yuan", "帮扶资金"), (60000, "yuan", "帮扶资金")]),
    ("发放慰问金8万元和慰问品折合3万元。", [(80000, "yuan", "慰问金"), (30000, "yuan", "慰问品")]),
])
def test_a_sum_joined_to_the_one_before_is_the_same_money(text, expected):
    assert [(f.value, f.unit, f.thing) for f in find_figures(text) if f.unit == "yuan"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("表彰8个成绩突出的基层工会。", [(8, "organisations", "成绩突出的基层工会")]),
    ("评选出12家表现优秀的企业和30名先进个人。", [(12, "organisations", "表现优秀的企业"), (30, "persons", "先进个人")]),
    ("通报表扬5个工作扎实的单位。", [(5, "organisations", "工作扎实的单位")]),
])
def test_bodies_described_with_de_after_the_count(text, expected):
    assert [(f.value, f.unit, f.thing) for f in find_figures(text)] == expected
