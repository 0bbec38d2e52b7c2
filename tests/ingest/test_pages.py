"""Page layouts from the first blind set (issue 8, third round): mastheads, heading
blocks with kicker or subheadline, inline bylines, and percentages written as 成."""

from __future__ import annotations

import pytest

from gonghui.ingest.numbers import find_figures
from gonghui.ingest.repair import is_byline_only, is_masthead, masthead_lines
from gonghui.ingest.split import split_page

PAGE = (
    "浙江工人日报　2025年4月17日　星期四　第三版\n\n"
    "山海携手 同心共富\n海盐松阳两地总工会签订战略合作框架协议\n\n"
    "本报讯 记者 吴敏　通讯员 蒋丽萍 报道 近日，海盐县总工会组织20名帮扶志愿者赴松阳。\n\n"
    "高温下的“清凉快递”\n——海宁市总工会夏送清凉走进一线工地\n\n"
    "本报记者 孙立　通讯员 沈佳怡、朱伟\n\n"
    "入伏以来，海宁持续高温。\n本报记者 孙立 摄\n"
)
BRIEF = (
    "工 作 简 报\n2024年第11期（总第136期）\n\n"
    "仙居县总工会编　　　　2024年6月21日\n\n"
    "县总工会走访企业\n\n"
    "今年4月以来，县总工会走访企业68家。\n"
)


@pytest.mark.parametrize("line", [
    "浙江工人日报　2025年2月18日　星期二　第2版　县域·基层",
    "2024年第11期（总第136期）",
    "第1期",
    "仙居县总工会编　　　　　　　　　　2024年6月21日",
])
def test_masthead_lines(line):
    assert is_masthead(line)


def test_headlines_are_not_mastheads():
    assert not is_masthead("海盐松阳两地总工会签订战略合作框架协议")
    assert masthead_lines("工 作 简 报\n2024年第11期（总第136期）") == 2
    assert masthead_lines("工作简报（第8期）\n县总工会开展送清凉") == 0


def test_page_split_drops_masthead_and_reads_headings_and_bylines():
    arts = split_page(PAGE).articles
    assert [a.headline for a in arts] == ["海盐松阳两地总工会签订战略合作框架协议", "高温下的“清凉快递”"]
    assert arts[0].kicker == "山海携手 同心共富"
    assert arts[0].byline.people() == [("reporter", "吴敏"), ("correspondent", "蒋丽萍")]
    assert arts[0].paragraphs[0].startswith("近日，海盐县总工会")
    assert arts[1].subheadline == "——海宁市总工会夏送清凉走进一线工地"
    assert arts[1].byline.people() == [("reporter", "孙立"), ("correspondent", "沈佳怡"),
                                       ("correspondent", "朱伟"), ("photographer", "孙立")]
    assert arts[1].paragraphs == ["入伏以来，海宁持续高温。"]


def test_brief_masthead_dropped():
    arts = split_page(BRIEF).articles
    assert [a.headline for a in arts] == ["县总工会走访企业"]
    assert arts[0].paragraphs == ["今年4月以来，县总工会走访企业68家。"]


def test_place_first_headline_keeps_subheadline():
    arts = split_page("瑞安启动重点工程劳动竞赛\n聚焦“十大攻坚”项目 组建职工突击队\n\n"
                      "本报讯（记者 林晓 通讯员 王芳）日前，竞赛启动。\n").articles
    assert arts[0].headline == "瑞安启动重点工程劳动竞赛"
    assert arts[0].subheadline == "聚焦“十大攻坚”项目 组建职工突击队"
    assert arts[0].byline.people() == [("reporter", "林晓"), ("correspondent", "王芳")]
    assert arts[0].paragraphs == ["日前，竞赛启动。"]


@pytest.mark.parametrize("line, people", [
    ("文/王芳 图/李强", [("reporter", "王芳"), ("photographer", "李强")]),
    ("陈明 摄", [("photographer", "陈明")]),
    ("本报记者 郑扬　通讯员 余慧敏、徐达",
     [("reporter", "郑扬"), ("correspondent", "余慧敏"), ("correspondent", "徐达")]),
])
def test_credit_lines(line, people):
    assert is_byline_only(line)
    arts = split_page(f"职工书屋开放\n\n{line}\n\n书屋今天开放。\n").articles
    assert arts[0].byline.people() == people


def test_caption_credit():
    arts = split_page("职工书屋开放\n\n图为职工在书屋阅读，书屋藏书三千册。（通讯员 陈明 摄）\n").articles
    assert arts[0].paragraphs == ["图为职工在书屋阅读，书屋藏书三千册。"]
    assert ("photographer", "陈明") in arts[0].byline.people()


@pytest.mark.parametrize("text, value, thing, qualifier", [
    ("反映一线操作工流失率高达三成。", 30, "一线操作工流失率", ""),
    ("解困脱困率近三成。", 30, "解困脱困率", "about"),
    ("回访满意率达９６％。", 96, "满意率", ""),
])
def test_percent(text, value, thing, qualifier):
    [fig] = find_figures(text)
    assert (fig.value, fig.unit, fig.thing, fig.qualifier) == (value, "percent", thing, qualifier)


def test_cheng_not_percent():
    assert find_figures("由６名劳模工匠组成的服务队")[0].unit == "persons"
    assert not [f for f in find_figures("三成员单位") if f.unit == "percent"]
