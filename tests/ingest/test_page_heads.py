"""Page-head cues (issue 8, fourth round, tuned on the second blind set): mastheads of one
to three lines with a section name or a date in Chinese numerals, credit lines in any
order, an end-of-article 文/ 图/ credit, and a headline printed right above its body."""

from __future__ import annotations

import pytest

from gonghui.ingest.head import is_credit_line, masthead_cue, masthead_span, read_credits
from gonghui.ingest.repair import masthead_lines
from gonghui.ingest.split import split_page


@pytest.mark.parametrize("line, cue", [
    ("2024年11月6日 星期三　第3版　基层传真", "strong"),
    ("二〇二五年一月八日　星期三", "strong"),
    ("第3版·权益帮扶", "strong"),
    ("2025年4月15日　星期二　第２版　综合新闻", "strong"),
    ("第18期（总第236期）", "strong"),
    ("丽水市莲都区总工会办公室编　　　　2024年9月20日", "strong"),
    ("钱江工人报", "paper"),
    ("每周职工", "paper"),
    ("热血暖冬", ""),
    ("2025年\"两节\"送温暖", ""),
    ("2024年9月20日，区总工会举行助学金发放仪式，为全区152名困难职工子女发放助学金。", ""),
])
def test_masthead_cue(line, cue):
    assert masthead_cue(line) == cue


def test_masthead_span_needs_a_dated_or_paged_line():
    assert masthead_span(["钱江工人报", "2024年11月6日 星期三　第3版　基层传真"]) == 2
    assert masthead_span(["每周职工", "二〇二五年一月八日　星期三", "第3版·权益帮扶"]) == 3
    assert masthead_span(["每周职工", "开化县总工会送温暖走进千家万户"]) == 0
    assert masthead_lines("钱江工人报\n2024年11月6日 星期三　第3版　基层传真") == 2


def test_two_line_masthead_with_section_name():
    page = ("钱江工人报\n2024年11月6日 星期三　第3版　基层传真\n\n"
            "深化“三服务” 工会在行动\n桐庐工会走访问需 为企业职工办实事\n\n"
            "本报讯 记者周晓雯 通讯员方立群、俞佳报道 今年以来，桐庐县总工会已走访企业83家。\n")
    [art] = split_page(page).articles
    assert (art.kicker, art.headline) == ("深化“三服务” 工会在行动", "桐庐工会走访问需 为企业职工办实事")
    assert art.byline.people() == [("reporter", "周晓雯"), ("correspondent", "方立群"),
                                   ("correspondent", "俞佳")]
    assert art.paragraphs == ["今年以来，桐庐县总工会已走访企业83家。"]


def test_chinese_numeral_date_masthead_and_reversed_byline():
    page = ("每周职工\n二〇二五年一月八日　星期三\n第3版·权益帮扶\n\n"
            "2025年\"两节\"送温暖\n开化县总工会送温暖走进千家万户\n\n"
            "本报讯 通讯员 汪丽娟 记者 徐可 报道 岁末年初，开化县总工会启动送温暖活动。\n")
    [art] = split_page(page).articles
    assert (art.kicker, art.headline) == ("2025年\"两节\"送温暖", "开化县总工会送温暖走进千家万户")
    assert art.byline.people() == [("reporter", "徐可"), ("correspondent", "汪丽娟")]
    assert art.paragraphs == ["岁末年初，开化县总工会启动送温暖活动。"]


def test_marked_credit_line_with_space_separated_names():
    page = ("劳模工匠山水间疗休养\n\n□通讯员 毛晓燕 徐航\n\n"
            "近日，衢州市总工会组织32名劳模工匠赴遂昌县疗休养。\n图为劳模工匠在遂昌参观学习。毛晓燕 摄\n")
    [art] = split_page(page).articles
    assert art.headline == "劳模工匠山水间疗休养"
    assert art.byline.people() == [("correspondent", "毛晓燕"), ("correspondent", "徐航"),
                                   ("photographer", "毛晓燕")]
    assert art.paragraphs == ["近日，衢州市总工会组织32名劳模工匠赴遂昌县疗休养。", "图为劳模工匠在遂昌参观学习。"]


def test_end_of_article_writer_and_photo_credit():
    page = ("绍兴工会帮扶志愿者走进黔东南\n东西携手 情谊相通\n\n"
            "近日，绍兴市总工会帮扶志愿者代表团来到黔东南州。\n\n"
            "文/本报记者 何静 图/通讯员 杨帆\n")
    [art] = split_page(page).articles
    assert (art.headline, art.subheadline) == ("绍兴工会帮扶志愿者走进黔东南", "东西携手 情谊相通")
    # 图/通讯员 杨帆: the printed role is kept and the photo credit added (annotation
    # conventions, docs/ingest.md; this was photographer only before the fifth round)
    assert art.byline.people() == [("reporter", "何静"), ("correspondent", "杨帆"), ("photographer", "杨帆")]
    assert art.paragraphs == ["近日，绍兴市总工会帮扶志愿者代表团来到黔东南州。"]


@pytest.mark.parametrize("line, credits", [
    ("本报记者　刘建国\n通讯员　钟晓敏", {"reporter": ["刘建国"], "correspondent": ["钟晓敏"], "photographer": []}),
    ("通讯员 沈佳怡 摄", {"reporter": [], "correspondent": ["沈佳怡"], "photographer": ["沈佳怡"]}),
    ("记者张浩呈/文 通讯员周迎朝/摄", {"reporter": ["张浩呈"], "correspondent": ["周迎朝"],
                                     "photographer": ["周迎朝"]}),
    ("■文/王芳 图/李强", {"reporter": ["王芳"], "correspondent": [], "photographer": ["李强"]}),
])
def test_read_credits(line, credits):
    assert is_credit_line(line)
    assert read_credits(line) == credits


@pytest.mark.parametrize("line", ["记者节里的坚守故事，温暖人心。", "职工书屋开放", "（区总工会组织部 供稿）"])
def test_credit_line_or_not(line):
    assert is_credit_line(line) == line.endswith("供稿）")


def test_headline_right_above_indented_body():
    page = ("工会工作信息\n第18期（总第236期）\n丽水市莲都区总工会办公室编　　　　2024年9月20日\n\n"
            "区总工会发放金秋助学金43万元\n　　日前，区总工会为全区152名困难职工子女发放助学金43万元。\n\n"
            "碧湖镇总工会召开第三次会员代表大会\n　　9月12日，碧湖镇总工会第三次会员代表大会召开。\n"
            "　　（区总工会组织部 供稿）\n")
    arts = split_page(page).articles
    assert [a.headline for a in arts] == ["区总工会发放金秋助学金43万元", "碧湖镇总工会召开第三次会员代表大会"]
    assert arts[0].paragraphs == ["日前，区总工会为全区152名困难职工子女发放助学金43万元。"]
    assert arts[1].paragraphs == ["9月12日，碧湖镇总工会第三次会员代表大会召开。"]


def test_editor_dateline_is_not_a_headline():
    page = ("越城区总工会多措并举服务职工群众\n\n"
            "绍兴市越城区总工会办公室 2024年9月10日\n【阵地建设】区总工会新建“爱心驿站”6个。\n")
    [art] = split_page(page).articles
    assert art.headline == "越城区总工会多措并举服务职工群众"
    assert art.paragraphs[0] == "绍兴市越城区总工会办公室 2024年9月10日"


# Fifth round (tuned on the third blind set): lettered pages and `/` separators, an
# issuer's dateline under a brief's issue line, a kicker that does not name the actor.

@pytest.mark.parametrize("line, cue", [
    ("2025年4月9日 / 星期三 / A3 职工天地", "strong"),
    ("2025年4月9日 | 星期三 | B02版 | 要闻", "strong"),
    ("岭南工人报 | 二〇二五年三月二十日 星期四 | 第4版 产业·企业", "strong"),
    ("沧州市总工会办公室　　　　　　２０２５年７月３日", "dateline"),
    ("A3楼会议室开放", ""),
    ("4月9日，A3车间的职工参加培训。", ""),
])
def test_masthead_cue_fifth_round(line, cue):
    assert masthead_cue(line) == cue


def test_issuer_dateline_below_issue_line_is_masthead():
    lines = ["工会工作信息", "２０２５年第１４期", "沧州市总工会办公室　　　２０２５年７月３日"]
    assert masthead_span(lines) == 3
    assert masthead_span(lines[2:]) == 0  # alone it stays (an article's issuer, dev_c)
    page = ("\n".join(lines) + "\n\n沧州市总工会集中开展困难职工帮扶\n"
            "　　６月下旬以来，沧州市总工会共走访困难职工２１６户。\n")
    [art] = split_page(page).articles
    assert art.headline == "沧州市总工会集中开展困难职工帮扶"
    assert art.paragraphs == ["６月下旬以来，沧州市总工会共走访困难职工２１６户。"]


def test_lettered_page_with_slashes_is_a_masthead():
    page = ("江苏工人报\n2025年4月9日 / 星期三 / A3 职工天地\n\n"
            "吴江工会帮扶志愿者代表团赴黔开展对口协作\n——山海相牵 情暖思南\n\n"
            "　　日前，苏州市吴江区总工会组织志愿者来到思南县。\n")
    [art] = split_page(page).articles
    assert (art.headline, art.subheadline) == ("吴江工会帮扶志愿者代表团赴黔开展对口协作", "——山海相牵 情暖思南")
    assert art.paragraphs == ["日前，苏州市吴江区总工会组织志愿者来到思南县。"]


@pytest.mark.parametrize("heads, kicker, headline, subheadline", [
    # the same length: the line naming its actor (广丰区总工会) is the headline
    (["深化“三服务” 工会在行动", "广丰区总工会下沉一线解难题"], "深化“三服务” 工会在行动", "广丰区总工会下沉一线解难题", ""),
    (["三门工会上门忙", "劳模工匠送技术"], "", "三门工会上门忙", "劳模工匠送技术"),
    (["“师带徒”结对传技艺", "中天建设集团工会开展劳模工匠进车间活动"], "“师带徒”结对传技艺",
     "中天建设集团工会开展劳模工匠进车间活动", ""),
    (["绍兴工会帮扶志愿者走进黔东南", "东西携手 情谊相通"], "", "绍兴工会帮扶志愿者走进黔东南", "东西携手 情谊相通"),
    # neither names an actor: the longer line
    (["劳模疗休养", "钱江源头的“劳模假期”"], "劳模疗休养", "钱江源头的“劳模假期”", ""),
])
def test_kicker_or_subheadline_by_who_acts(heads, kicker, headline, subheadline):
    page = "\n".join(heads) + "\n\n本报讯 近日，工会组织职工开展活动。\n"
    [art] = split_page(page).articles
    assert (art.kicker, art.headline, art.subheadline) == (kicker, headline, subheadline)
