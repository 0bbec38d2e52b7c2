"""Issue 8, seventh round (tuned on the fifth blind set): a brief's numbered items told
from a report's section heads, credit and kicker lines kept apart from the next block,
masthead lines with column gaps, counted things (parts joined by 、, quoted names,
measure nouns, comparisons, follow-ups), organisation edges, ranges, and the date of an
event draft. The texts are written for these tests, in the layouts of the set, not
copied from it."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.ingest.dates import find_dates
from gonghui.ingest.drafts import propose
from gonghui.ingest.entities import find_org_names, same_bodies
from gonghui.ingest.head import masthead_cue, masthead_span
from gonghui.ingest.numbers import find_figures
from gonghui.ingest.pipeline import analyse
from gonghui.ingest.repair import repair_layout
from gonghui.ingest.split import split_page


def figs(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.thing) for f in find_figures(text)]


def headlines(text: str) -> list[str]:
    return [a.headline for a in split_page(text).articles]


# --- layout: a brief's items and a report's sections --------------------------------

BRIEF_WITH_NEWS_LEADS = """\
职工之家动态

一、秀洲区总工会开展“清凉送一线”慰问活动
7月10日以来，秀洲区总工会分5组走访高温作业企业42家，慰问一线职工1800余人。

二、“她健康”行动守护女职工身心健康
秀洲区总工会联合区妇幼保健院开展女职工健康体检，为2300名女职工免费体检。

三、区职工技能竞赛叉车项目圆满落幕
6月28日，区总工会举办叉车技能竞赛，28家企业的96名选手参赛。
"""


def test_brief_items_open_articles_on_a_news_lead_below_them():
    # items 二 and 三 do not open with who acts; the line below them opens a story
    assert headlines(BRIEF_WITH_NEWS_LEADS) == [
        "秀洲区总工会开展“清凉送一线”慰问活动", "“她健康”行动守护女职工身心健康", "区职工技能竞赛叉车项目圆满落幕"]
    result = analyse(BRIEF_WITH_NEWS_LEADS, use_database=False)
    assert [(f.value, f.thing) for _p, f in result.articles[2].figures] == [
        (28, "企业"), (96, "选手")]


BRIEF_WITH_ISSUE = """\
工会工作简报
第7期

秀洲区总工会办公室编　　2025年6月12日

一、多措并举稳就业
为帮助企业解决招工难题，区总工会举办专场招聘会3场，提供岗位1200个。

二、关爱女职工健康
区总工会开展“她健康”行动，为2300名女职工免费体检，发放健康手册5000份。
"""


def test_in_a_brief_with_an_issue_number_each_numbered_headline_opens_an_item():
    assert headlines(BRIEF_WITH_ISSUE) == ["多措并举稳就业", "关爱女职工健康"]


REPORT = """\
南湖区总工会2025年工作总结

2025年，南湖区总工会在区委和嘉兴市总工会的领导下，各项工作取得新进展。

一、强化思想引领，凝聚职工力量
全年举办职工宣讲活动46场，覆盖职工1.2万人次。

二、做实帮扶救助
南湖区总工会走访慰问困难职工312户，发放慰问金58万元。

三、深化建功立业
南湖区总工会联合区人力社保局举办职工技能大赛，设置8个工种。
"""


@pytest.mark.parametrize("title", ["南湖区总工会2025年工作总结", "南湖区总工会2025年工作概述"])
def test_report_sections_opening_with_the_union_stay_one_article(title):
    # titled as a report, or with short slogan heads (做实帮扶救助): one article
    [art] = split_page(REPORT.replace("南湖区总工会2025年工作总结", title)).articles
    assert art.headline == title
    assert "二、做实帮扶救助" in art.paragraphs


ROUNDUP = """\
浙江工会网 · 基层速递
2025年12月3日

■桐乡市总工会开展送温暖活动
12月1日，桐乡市总工会走访慰问困难职工120户，发放慰问金36万元。

■启动冬季“送健康”行动
海宁市总工会近日启动冬季“送健康”行动，为1500名户外劳动者送去防寒物资。

■平湖开展职工技能比武
11月28日，平湖市总工会举办电工技能比武，46名选手参赛。
"""


def test_roundup_items_of_an_established_marker_open_articles_and_the_site_is_masthead():
    # two ■ items open with who acts; the third (启动…) follows the style; the site's
    # name with its column (浙江工会网 · 基层速递) above a date is masthead
    assert headlines(ROUNDUP) == ["桐乡市总工会开展送温暖活动", "启动冬季“送健康”行动", "平湖开展职工技能比武"]
    result = analyse(ROUNDUP, use_database=False)
    assert all("浙江工会" not in name for a in result.articles for name in a.org_names())


PAGE_WITH_CAPTION = """\
钱塘工人报
2025年10月9日 星期四
第2版 基层新闻

情暖金秋　助学圆梦
9月26日，余姚市总工会为132名困难职工子女发放助学金39.6万元。图为学生代表领取助学金。
通讯员 李青 摄

山海协作·浙川情深
余姚工会帮扶团走进广元

9月中旬，余姚市工会帮扶团赴广元开展对口协作活动，捐赠帮扶资金80万元。

文/本报记者 方明　图/徐立
"""


def test_a_credit_closing_a_photo_item_and_a_kicker_above_a_headline_are_not_joined():
    page = split_page(PAGE_WITH_CAPTION)
    assert [(a.kicker, a.headline) for a in page.articles] == [
        ("", "情暖金秋 助学圆梦"), ("山海协作·浙川情深", "余姚工会帮扶团走进广元")]
    assert page.articles[0].byline.people() == [("correspondent", "李青"), ("photographer", "李青")]
    assert page.articles[1].byline.people() == [("reporter", "方明"), ("photographer", "徐立")]
    assert "joined_blocks" not in [r.kind for r in page.repairs]


@pytest.mark.parametrize("lines, span", [
    (["江淮职工报                                  综合新闻",
      "2025年11月20日 星期四          A3          责任编辑：王芳", "合肥市总工会…"], 2),
    (["浙江工会网 · 基层速递", "2025年12月3日", "■桐乡市总工会开展送温暖活动"], 2),
])
def test_masthead_with_column_gaps_a_section_and_a_staff_line(lines, span):
    blocks, repairs = repair_layout("\n".join(lines))
    kept = blocks[0].splitlines()
    assert masthead_span(kept) == span
    assert "column_gap" not in [r.kind for r in repairs]  # the masthead's gaps are kept


def test_masthead_cue_of_a_paper_and_its_section():
    assert masthead_cue("江淮职工报  综合新闻") == "paper"
    assert masthead_cue("浙江工会网 · 基层速递") == "paper"
    assert masthead_cue("2025年11月20日 星期四  A3  责任编辑：王芳") == "strong"
    assert masthead_cue("余姚工会帮扶团走进广元") == ""


# --- figures ------------------------------------------------------------------------

def test_parts_joined_by_a_comma_of_enumeration_before_the_counted_noun():
    assert figs("共收集职工意见、建议和诉求210条，已办结176条。") == [
        (210, "items", "职工意见、建议和诉求"), (176, "items", "办结的职工意见、建议和诉求")]
    # a verb before the first part is not a part (组建由…组成的小组)
    assert figs("组建由镇干部、企业工会主席组成的服务小组4个。")[0][:2] == (4, "teams")


def test_follow_up_in_the_next_sentence_marked_as_one_and_across_measure_words():
    assert figs("收集职工困难和诉求88个。目前已解决70个，其余18个已转交有关部门办理。") == [
        (88, "units", "职工困难和诉求"), (70, "units", "解决的职工困难和诉求"),
        (18, "units", "转交有关部门办理的职工困难和诉求")]
    # an unmarked count in the next sentence is no follow-up
    assert figs("举办宣讲活动46场。开展进企业宣讲18场。")[1] == (18, "sessions", "宣讲")
    # 名 then 人: both persons
    assert figs("全县420名工会会员和职工报名参加，成功献血365人。") == [
        (420, "persons", "工会会员和职工"), (365, "persons", "成功献血的工会会员和职工")]


def test_quoted_name_kept_in_the_counted_thing_and_numbered_campaign_names():
    assert figs("联合区人社局举办“就业暖心”专场招聘会12场。") == [(12, "sessions", "“就业暖心”专场招聘会")]
    assert figs("新建“职工驿站”9个。") == [(9, "units", "职工驿站")]
    assert figs("区总工会实施“八大工程”，惠及职工3000人。") == [(3000, "persons", "职工")]


def test_measure_nouns_comparisons_and_counted_bodies():
    assert figs("献血总量6.2万毫升。") == [(62000, "mL", "献血总量")]
    assert figs("参训人数较去年增长近三成。") == [(30, "percent", "参训人数")]
    assert figs("与当地8个基层工会结成帮扶对子。") == [(8, "organisations", "基层工会")]


def test_a_count_listed_after_another_counts_its_people():
    assert figs("组织劳模和技术工人疗休养12批次、360人。") == [
        (12, "batches", "劳模和技术工人疗休养"), (360, "persons", "劳模和技术工人")]


@pytest.mark.parametrize("text, figure, qualifier", [
    ("每个服务小组由3-5名劳模组成。", (3, "persons", "劳模"), "over"),
    ("邀请三至五名专家授课。", (3, "persons", "专家"), "over"),
    ("每户补助1.5万-2万元。", (15000, "yuan", "补助"), "over"),
])
def test_a_range_is_its_lower_value_at_least(text, figure, qualifier):
    [found] = find_figures(text)
    assert (found.value, found.unit, found.thing) == figure and found.qualifier == qualifier


def test_dates_and_minus_signs_are_not_ranges():
    assert figs("2025—2027年签订协议3份。") == [(3, "copies", "签订协议")]
    assert figs("利润同比-5万元。") == []


# --- organisations ------------------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("抽调市、县两级工会干部组成工作组。", []),
    ("开展“爱心工会人”志愿服务活动。", []),
    ("开展“温暖工会 真情相伴”慰问活动。", []),
    ("代表杭州海康威视数字技术股份有限公司出战的球队获得冠军。", ["杭州海康威视数字技术股份有限公司"]),
    ("职工运动会在嘉兴体育中心开幕。", []),
    ("比赛在南湖万达广场举行，南湖区总工会主办。", ["南湖区总工会"]),
    ("开展“宁波市总工会”开放日活动。", ["宁波市总工会"]),
    ("县、乡、村三级工会组织共走访职工。", []),
    ("组织职工参加“西湖工会杯”篮球赛。", []),
    ("杭州市西湖区三墩镇总工会组织职工参加比赛。", ["杭州市西湖区三墩镇总工会"]),
])
def test_organisation_edges(text, names):
    assert [o.name for o in find_org_names(text)] == names


def test_autonomous_prefecture_short_form_is_the_same_body():
    assert same_bodies(["甘孜藏族自治州总工会", "甘孜州总工会", "黔东南州总工会"]) == {
        "甘孜州总工会": "甘孜藏族自治州总工会"}


# --- dates of an event draft --------------------------------------------------------

BLOOD_DRIVE = """\
市总工会组织职工无偿献血

11月20日，市总工会在市民广场开展无偿献血活动，210名职工报名参加，成功献血186人，献血总量5.6万毫升。
"""


def test_blood_drive_draft_takes_the_day_written_in_the_text():
    analysis = analyse(BLOOD_DRIVE, dt.date(2025, 11, 26), use_database=False).as_dict()
    [proposal] = propose(analysis["articles"][0], "2025-11-26")
    assert proposal["payload"]["date"] == "2025-11-20"
    assert proposal["payload"]["figures"] == {"participants": 210, "donors": 186, "blood_volume": 56000}


def test_a_day_well_after_the_page_date_is_of_the_year_before():
    [mention] = find_dates("12月28日，市总工会开展献血活动。", dt.date(2026, 1, 6))
    assert mention.date_from == "2025-12-28"
    [mention] = find_dates("1月3日，市总工会开展献血活动。", dt.date(2026, 1, 6))
    assert mention.date_from == "2026-01-03"


# --- credits: one person wrote and took the pictures ----------------------------------

@pytest.mark.parametrize("line, people", [
    ("文/图 本报记者 王丽", [("reporter", "王丽"), ("photographer", "王丽")]),
    ("记者 王丽 文/图", [("reporter", "王丽"), ("photographer", "王丽")]),
    ("图文/王丽", [("reporter", "王丽"), ("photographer", "王丽")]),
    ("文并摄/王丽", [("reporter", "王丽"), ("photographer", "王丽")]),
    ("文/图 通讯员 张强", [("correspondent", "张强"), ("photographer", "张强")]),
])
def test_text_and_picture_credits(line, people):
    from gonghui.ingest.head import is_credit_line, read_credits

    assert is_credit_line(line)
    credits = read_credits(line)
    assert [(role, n) for role in ("reporter", "correspondent", "photographer") for n in credits[role]] == people


BRIEF_WITH_ONE_ARTICLE = """\
工作简报
第3期（总第58期）

嘉善县总工会办公室编　　2025年5月20日

县总工会“三服务”工作的经验做法

今年以来，县总工会深入开展“三服务”活动，形成了一套行之有效的做法。

一、建立联系机制
县总工会班子成员每人联系5家企业，全年走访企业120家。

二、健全办理流程
对收集的问题实行清单管理，收集问题86个，已解决71个。
"""


def test_a_brief_carrying_one_article_keeps_its_numbered_sections():
    # the issue number makes it a brief, but its text opens with a title, not an item
    [art] = split_page(BRIEF_WITH_ONE_ARTICLE).articles
    assert art.headline == "县总工会“三服务”工作的经验做法"
    assert "二、健全办理流程" in art.paragraphs


def test_a_verb_opening_the_clause_acts_on_the_counted_noun_and_a_closing_bracket():
    assert figs("开展专项检查，检查企业215家，督促整改11家。") == [
        (215, "organisations", "企业"), (11, "organisations", "督促整改的企业")]
    assert figs("行动已覆盖全市12个县（市、区），服务企业1,860家。") == [
        (12, "units", "县（市、区）"), (1860, "organisations", "企业")]
    # a bracket before a comma of enumeration stays a coordinated part
    assert figs("组织10个乡镇(街道)、开发区总工会参加。") == [(10, "organisations", "乡镇(街道)、开发区总工会")]
