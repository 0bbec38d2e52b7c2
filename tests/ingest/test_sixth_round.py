"""Issue 8, sixth round (tuned on the fourth blind set): zero-width characters and minus
signs (two bugs a tester found), numbered round-up items, staff and distribution lines,
account headers, follow-up counts and organisation edges; each rule on real sentences."""

from __future__ import annotations

import pytest

from gonghui.ingest.drafts import ingest
from gonghui.ingest.entities import _short_form_of, find_org_names
from gonghui.ingest.head import (
    is_credit_line,
    is_staff_line,
    item_marker,
    masthead_cue,
    masthead_span,
)
from gonghui.ingest.numbers import find_figures
from gonghui.ingest.pipeline import analyse
from gonghui.ingest.repair import repair_layout
from gonghui.ingest.split import split_page


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


# --- page layout: round-ups, account headers, staff lines, credits -------------------

ROUNDUP = """温州工会
2025年3月8日 20:15 浙江

点击上方蓝字 关注我们

01
鹿城区总工会为女职工送健康
3月6日，鹿城区总工会联合温州市妇幼保健院开展女职工健康讲座，200余名女职工参加。

02
瑞安市总工会举办插花比赛
3月7日，瑞安市总工会举办“巾帼绽芳华”插花比赛，来自全市32家企业的女职工同台比拼。

03
乐清市总工会慰问一线女职工
近日，乐清市总工会走访慰问一线女职工150名，送去慰问品价值约3万元。

来源：各县（市、区）总工会
编辑：林晓
审核：陈东
"""


def test_wechat_roundup_splits_at_numbered_items_and_drops_header_and_footer():
    page = split_page(ROUNDUP)
    assert [a.headline for a in page.articles] == [
        "鹿城区总工会为女职工送健康", "瑞安市总工会举办插花比赛", "乐清市总工会慰问一线女职工"]
    assert [a.kicker for a in page.articles] == ["", "", ""]
    assert page.articles[2].paragraphs == ["近日，乐清市总工会走访慰问一线女职工150名，送去慰问品价值约3万元。"]
    assert all(a.byline.people() == [] for a in page.articles)
    assert [r.kind for r in page.repairs] == []  # the footer is no truncated sentence


@pytest.mark.parametrize("marker1, marker2", [
    ("1.", "2."), ("1、", "2、"), ("一、", "二、"), ("（一）", "（二）"), ("①", "②"), ("▲", "▲"), ("■", "■"),
])
def test_marked_headlines_open_items(marker1, marker2):
    text = (f"{marker1}鹿城区总工会为女职工送健康\n3月6日，鹿城区总工会开展女职工健康讲座，200余名女职工参加。\n\n"
            f"{marker2}瑞安市总工会举办插花比赛\n3月7日，瑞安市总工会举办插花比赛，32家企业的女职工同台比拼。\n")
    page = split_page(text)
    assert [a.headline for a in page.articles] == ["鹿城区总工会为女职工送健康", "瑞安市总工会举办插花比赛"]
    assert page.articles[1].paragraphs == ["3月7日，瑞安市总工会举办插花比赛，32家企业的女职工同台比拼。"]


def test_report_section_heads_stay_in_the_report():
    report = ("鹿城区总工会2024年工作总结\n\n"
              "一、深化“三服务”，倾听职工心声\n全年走访企业83家、职工家庭147户。\n\n"
              "二、做实帮扶救助\n春节期间走访慰问困难职工612人。\n\n"
              "三、建档管理更加精准。全年新增建档困难职工家庭53户。\n")
    [art] = split_page(report).articles
    assert art.headline == "鹿城区总工会2024年工作总结"
    assert [f.value for p in art.paragraphs for f in find_figures(p)] == [83, 147, 612, 53]


def test_one_marked_caption_is_no_roundup():
    text = ("鹿城区总工会为女职工送健康\n\n3月6日，鹿城区总工会开展女职工健康讲座，200余名女职工参加。\n"
            "▲鹿城区总工会工作人员为女职工讲解健康知识\n讲座结束后，女职工们纷纷表示收获很大。\n")
    [art] = split_page(text).articles
    assert art.headline == "鹿城区总工会为女职工送健康"


@pytest.mark.parametrize("line, marked", [
    ("01", ("number", "")),
    ("10", ("number", "")),
    ("NO.3", ("number", "")),
    ("1.2万名职工同台比拼数字技能", None),
    ("2025年", None),
    ("□本报记者 韩雪", None),
    ("一、建档管理更加精准。", ("一、", "建档管理更加精准。")),
    ("（三）瑞安市总工会", ("（一）", "瑞安市总工会")),
    ("03 乐清市总工会", ("number ", "乐清市总工会")),
])
def test_item_marker(line, marked):
    assert item_marker(line) == marked


@pytest.mark.parametrize("line, staff", [
    ("责任编辑：刘敏  版式：吴芳", True),
    ("责任编辑：魏军", True),
    ("来源：各县（市、区）总工会", True),
    ("审核：王建华", True),
    ("报：湖州市总工会，县委、县政府领导", True),
    ("送：县委办、县府办", True),
    ("发：各乡镇（街道）工会、县级产业工会、直属基层工会", True),
    ("编辑：我们认为，这是好事。", False),
    ("来源于职工的心声", False),
    ("通讯员 马俊 摄", False),
])
def test_is_staff_line(line, staff):
    assert is_staff_line(line) is staff


@pytest.mark.parametrize("line, cue", [
    ("2025年11月20日 18:05 福建", "strong"),
    ("2025年3月8日 20:15", "strong"),
    ("点击蓝字 关注我们", "strong"),
    ("▲点击上方蓝字关注", "strong"),
    ("温州工会", "paper"),
    ("关注职工身边事", ""),
    ("18时05分，活动开始", ""),
])
def test_account_header_cues(line, cue):
    assert masthead_cue(line) == cue


def test_staff_line_under_masthead_is_not_a_kicker_and_distribution_list_not_text():
    page = ("陕西工人报   2025年9月18日 星期四   第2版   基层动态\n责任编辑：魏军\n\n"
            "深化“三服务” 助企稳岗\n咸阳市总工会走访企业解难题\n\n"
            "本报讯 记者 杨帆  近日，咸阳市总工会走访企业36家。\n\n"
            "（县总工会办公室 供稿）\n\n报：咸阳市总工会，县委、县政府领导\n送：县委办、县府办\n")
    result = analyse(page, use_database=False)
    [art] = result.articles
    assert (art.article.kicker, art.article.headline) == ("深化“三服务” 助企稳岗", "咸阳市总工会走访企业解难题")
    assert art.article.paragraphs == ["近日，咸阳市总工会走访企业36家。"]
    assert art.org_names() == ["咸阳市总工会"]


def test_headline_with_its_credit_line_below_and_no_blank_line():
    page = ("宝鸡工匠服务队进企“把脉问诊”\n□本报记者 韩雪\n\n今年以来，宝鸡市总工会组建劳模工匠服务队15支。\n")
    [art] = split_page(page).articles
    assert art.headline == "宝鸡工匠服务队进企“把脉问诊”"
    assert art.byline.people() == [("reporter", "韩雪")]
    assert art.paragraphs == ["今年以来，宝鸡市总工会组建劳模工匠服务队15支。"]


@pytest.mark.parametrize("lead, people", [
    ("本报讯 通讯员 白雪梅 刘亮  中秋将至，延安市总工会筹措资金150万元。",
     [("correspondent", "白雪梅"), ("correspondent", "刘亮")]),
    ("本报讯 记者 周晓燕 通讯员 孙立群  今年以来，宜昌市总工会走访企业57家。",
     [("reporter", "周晓燕"), ("correspondent", "孙立群")]),
])
def test_lead_credit_ends_at_a_wide_gap(lead, people):
    [art] = split_page("延安“中秋送温暖”慰问一线职工\n\n" + lead + "\n").articles
    assert art.byline.people() == people
    assert art.paragraphs[0].startswith(("中秋将至，", "今年以来，"))


def test_stray_latin_line_inside_chinese_text_left_out_and_flagged():
    blocks, repairs = repair_layout("今年以来，宝鸡市总工会组建服务队15支。\nNews\n截至8月底，服务队累计服务企业68家。")
    assert blocks == ["今年以来，宝鸡市总工会组建服务队15支。\n截至8月底，服务队累计服务企业68家。"]
    assert [(r.kind, r.before, r.note) for r in repairs] == [
        ("stray_latin", "News", "stray Latin line 'News' left out")]


# --- organisations --------------------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    # a legal form jieba cuts (有限责任|公司) is one head
    ("先后走进宝鸡石油机械有限责任公司、陕西法士特齿轮有限责任公司等企业",
     ["宝鸡石油机械有限责任公司", "陕西法士特齿轮有限责任公司"]),
    # a brand jieba reads as a verb, after a region or opening its clause before a bracket
    ("联合山东发达面粉集团有限公司开展活动", ["山东发达面粉集团有限公司"]),
    ("在湖北兴发化工集团股份有限公司，走访组了解到", ["湖北兴发化工集团股份有限公司"]),
    ("陕西延长石油（集团）有限责任公司工会同步开展慰问", ["陕西延长石油（集团）有限责任公司工会"]),
    ("安踏（中国）有限公司工会额外资助职工子女40名。", ["安踏（中国）有限公司工会"]),
    # a verb acting on the company is not its brand
    ("市总工会推动浙江舜宇光学有限公司建会", ["浙江舜宇光学有限公司"]),
    # a body, a verb, then another named body: two names, not one
    ("出发前，县总工会委托长兴县人民医院为学员体检", ["长兴县人民医院"]),
    # the local government or party committee by its level only is generic
    ("其余23条已提交市政府相关部门跟踪办理", []),
    ("在昆山市总工会和镇党委的坚强领导下", ["昆山市总工会"]),
    ("经县委办、县政府同意", []),
    ("宁波市委、区妇联和区人力社保局", ["宁波市委", "区妇联", "区人力社保局"]),
    # a union's strength or role in a set phrase is no name
    ("为全镇经济社会高质量发展贡献工会力量", []),
    ("充分发挥工会作用，彰显工会担当", []),
])
def test_org_names_sixth_round(text, names):
    assert [o.name for o in find_org_names(text)] == names


def test_county_union_written_without_zong_is_a_short_form():
    assert _short_form_of("德化县工会", "德化县总工会")
    assert _short_form_of("德清工会", "湖州市德清县总工会")
    assert not _short_form_of("集团工会", "某某集团总工会")
    text = "德化县工会组织职工义务献血\n\n11月12日，德化县总工会联合泉州市中心血站开展献血活动，共有96名职工献血。"
    [art] = analyse(text, use_database=False).articles
    assert art.org_names() == ["德化县总工会", "泉州市中心血站"]


# --- figures --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # follow-up counts without their noun count the thing of the figure before them
    ("收集各类问题诉求186条，已协调解决163条，其余23条已提交市政府相关部门跟踪办理。",
     [(186, "items", "问题诉求"), (163, "items", "协调解决的问题诉求"),
      (23, "items", "提交市政府相关部门跟踪办理的问题诉求")]),
    ("收集职工需求45件，现场解决30件，上报区相关部门协调解决15件。",
     [(45, "items", "职工需求"), (30, "items", "现场解决的职工需求"),
      (15, "items", "上报区相关部门协调解决的职工需求")]),
    ("收集困难问题需求2,015个，已解决1,768个。",
     [(2015, "units", "困难问题需求"), (1768, "units", "解决的困难问题需求")]),
    ("走访中发现隐患88处，已整改76处。", [(88, "places", "隐患"), (76, "places", "整改的隐患")]),
    ("建成职工书屋45家，已验收38家。", [(45, "organisations", "职工书屋"), (38, "organisations", "验收的职工书屋")]),
    ("新建爱心驿站12个，已投用9个。", [(12, "units", "爱心驿站"), (9, "units", "投用的爱心驿站")]),
    # a noun written after the number: no follow-up
    ("目前已办结事项17件次，另有4件次事项提交反映至县人社局。",
     [(17, "item-times", "事项"), (4, "item-times", "事项")]),
    # the figure before is in another sentence: no follow-up
    ("收集问题建议64条。现场解决41条。", [(64, "items", "问题建议"), (41, "items", "解决")]),
])
def test_follow_up_counts(text, expected):
    assert figs(text) == expected


def test_a_follow_up_with_the_same_value_is_another_figure():
    text = "走访企业\n\n收集职工需求5件，已解决5件。"
    [art] = analyse(text, use_database=False).articles
    assert [(f.value, f.thing) for _p, f in art.unique_figures()] == [(5, "职工需求"), (5, "解决的职工需求")]


def test_visit_summary_reads_follow_up_counts():
    from gonghui.ingest.drafts import _visit_count
    assert _visit_count({"thing": "具体需求", "unit": "item-times"}) == "needs"
    assert _visit_count({"thing": "解决的具体需求", "unit": "item-times"}) == "resolved"
    assert _visit_count({"thing": "提交反映的具体需求", "unit": "item-times"}) == "escalated"
    assert _visit_count({"thing": "解决", "unit": "item-times"}) == "resolved"
    assert _visit_count({"thing": "提交反映", "unit": "items"}) == "escalated"


@pytest.mark.parametrize("text, expected", [
    # 对 counts pairs before punctuation or a pair noun; not a preposition's 对
    ("两地企业工会结成帮扶对子18对。", [(18, "pairs", "帮扶对子")]),
    ("为12对新人举办集体婚礼。", [(12, "pairs", "新人")]),
    ("开展2对1帮扶。", []),
    # money whose clause names only its worth (金额, 折合人民币): what the clause before names
    ("与合作社签订消费帮扶订单，金额达120万元，", [(1200000, "yuan", "消费帮扶订单")]),
    ("采购芦柑、老醋等农特产品，金额达86万余元。", [(860000, "yuan", "农特产品")]),
    ("发放慰问金和慰问品折合人民币48.5万元。", [(485000, "yuan", "慰问金和慰问品")]),
    # a one-letter noun with its verb (献血|量)
    ("献血量达7.5万毫升。", [(75000, "mL", "献血量")]),
    ("当天献血量3.2万毫升。", [(32000, "mL", "献血量")]),
    # a description and 的 before the people counted
    ("为两名身患重病的职工申请救助。", [(2, "persons", "身患重病的职工")]),
    ("慰问30户生活困难的职工家庭。", [(30, "households", "生活困难的职工家庭")]),
    ("资助1200名职工的子女。", [(1200, "persons", "职工")]),
    # 赠送 acts on what follows; 需求 and 诉求 are nouns
    ("向全市15家企业赠送图书1.2万本。", [(15, "organisations", "企业"), (12000, "copies", "图书")]),
    ("收集职工诉求30条。", [(30, "items", "职工诉求")]),
])
def test_figures_sixth_round(text, expected):
    assert figs(text) == expected


def test_roundup_with_blank_lines_iso_post_date_and_post_end():
    text = ("职工之家\n原创 职工之家 2025-03-08 20:15 浙江\n\n"
            "01\n\n鹿城区总工会为女职工送健康\n3月6日，鹿城区总工会开展讲座，200余名女职工参加。\n\n"
            "02\n\n瑞安市总工会举办插花比赛\n3月7日，瑞安市总工会举办插花比赛。\n\n"
            "- END -\n\n往期推荐\n\n温州工会召开全委会\n\n乐清工会开展培训\n")
    page = split_page(text)
    assert [(a.kicker, a.headline) for a in page.articles] == [
        ("", "鹿城区总工会为女职工送健康"), ("", "瑞安市总工会举办插花比赛")]
    assert page.articles[1].paragraphs == ["3月7日，瑞安市总工会举办插花比赛。"]


@pytest.mark.parametrize("line, marked", [
    ("01｜鹿城区总工会为女职工送健康", ("number ", "鹿城区总工会为女职工送健康")),
    ("【02】瑞安市总工会举办插花比赛", ("【1】", "瑞安市总工会举办插花比赛")),
])
def test_item_marker_with_bar_or_brackets(line, marked):
    assert item_marker(line) == marked


@pytest.mark.parametrize("lines, span", [
    (["工会e家", "2025-11-20 18:05"], 2),  # any account's name above its post's date and time
    (["原创 泉州工会 2025年11月20日 18:05 福建"], 1),
    (["工会e家", "2025年11月20日，晋江市总工会召开会议。"], 0),
])
def test_post_header_span(lines, span):
    assert masthead_span(lines) == span


PAPER_PAGE = """工人日报·浙江版　2025年12月3日　星期三　第6版
本版编辑：张立

争当新时代“浙江工匠”
嘉兴市举办第三届职工技能大赛
——2000余名职工参赛，决出个人奖项96个

本报讯（记者 何立 通讯员 周娟）12月1日，由嘉兴市总工会、嘉兴市人力资源和社会保障局主办的第三届职工技能大赛落幕。

平湖：“暖心驿站”温暖户外劳动者
　　本报讯 通讯员 陆燕 今冬以来，平湖市总工会在全市新建“暖心驿站”12个，累计服务户外劳动者1.5万人次。
（陆燕　摄）
"""


def test_paper_page_with_a_subheadline_holding_commas_and_a_place_colon_headline():
    result = analyse(PAPER_PAGE, use_database=False)
    first, second = result.articles
    assert (first.article.kicker, first.article.headline, first.article.subheadline) == (
        "争当新时代“浙江工匠”", "嘉兴市举办第三届职工技能大赛", "——2000余名职工参赛，决出个人奖项96个")
    assert first.article.byline.people() == [("reporter", "何立"), ("correspondent", "周娟")]
    # 主办 is a verb, not the office head 办
    assert first.org_names() == ["嘉兴市总工会", "嘉兴市人力资源和社会保障局"]
    assert second.article.headline == "平湖：“暖心驿站”温暖户外劳动者"
    assert second.article.byline.people() == [("correspondent", "陆燕"), ("photographer", "陆燕")]
    assert second.article.paragraphs == ["今冬以来，平湖市总工会在全市新建“暖心驿站”12个，累计服务户外劳动者1.5万人次。"]
    assert result.repairs == []  # a closing photo credit is no truncated sentence


@pytest.mark.parametrize("line, staff", [
    ("本版编辑：张立", True),
    ("联系人：张立，电话略", False),
])
def test_staff_line_with_page_prefix(line, staff):
    assert is_staff_line(line) is staff


BRIEF = """工 会 简 报
第22期

义乌市总工会办公室　　　　　　　　　　2025年11月25日

【本期要目】
义乌市总工会开展新就业形态劳动者集中入会活动
佛堂镇总工会举办职工运动会

义乌市总工会开展新就业形态劳动者集中入会活动
　　11月20日，义乌市总工会在国际商贸城举行集中入会仪式，为外卖骑手、快递员等312人办理入会手续。

佛堂镇总工会举办职工运动会
　　11月22日，佛堂镇总工会举办职工运动会，来自辖区46家企业的800余名职工参加比赛。

抄送：金华市总工会
"""


def test_brief_with_its_contents_list_and_an_issuer_dateline_block():
    result = analyse(BRIEF, use_database=False)
    assert [a.article.headline for a in result.articles] == [
        "义乌市总工会开展新就业形态劳动者集中入会活动", "佛堂镇总工会举办职工运动会"]
    assert [a.org_names() for a in result.articles] == [["义乌市总工会"], ["佛堂镇总工会"]]
    # the dateline is not joined to the contents label (the letter-spaced title is closed up)
    assert [r.kind for r in result.repairs] == ["letter_spaced"]


def test_report_signature_is_no_truncated_page_and_follow_up_with_noun_verb():
    report = ("嘉善县总工会关于2025年度“三服务”工作的情况报告\n\n"
              "　　共收集问题诉求132条，已办结118条，正在办理14条。为32名大病职工申请医疗救助金41万元。\n\n"
              "嘉善县总工会\n2025年12月1日\n")
    result = analyse(report, use_database=False)
    assert result.repairs == []
    [art] = result.articles
    assert [(f.value, f.thing) for _p, f in art.figures] == [
        (132, "问题诉求"), (118, "办结的问题诉求"), (14, "正在办理的问题诉求"),
        (32, "大病职工"), (410000, "医疗救助金")]


POST = """舟山工会
2025年10月9日 17:42 浙江

舟山市总工会开展“国庆暖心行”慰问活动

国庆期间，舟山市总工会分成4个慰问组，走访慰问一线职工1,260名。

▲慰问组在舟山港务集团码头慰问一线职工

在浙江舟山港务集团有限公司，慰问组与20余名装卸工人亲切交流。

▲慰问组为环卫工人送上节日慰问品

文字：周敏
图片：舟山市总工会
编辑：李娜
"""


def test_post_captions_stay_in_the_article_and_text_picture_credits():
    result = analyse(POST, use_database=False)
    [art] = result.articles
    assert art.article.headline == "舟山市总工会开展“国庆暖心行”慰问活动"
    assert art.article.paragraphs[1] == "慰问组在舟山港务集团码头慰问一线职工"
    assert art.article.byline.people() == [("reporter", "周敏")]
    # 舟山港务集团 is the company without its region and legal form
    assert art.org_names() == ["舟山市总工会", "浙江舟山港务集团有限公司"]
    assert [(f.value, f.thing) for _p, f in art.figures][-1] == (20, "装卸工人")
    assert result.repairs == []


def test_brief_items_closed_by_an_authors_name_are_not_joined():
    page = ("简  讯\n\n■近日，诸暨市总工会为120名困难职工子女发放助学金36万元。（杨柳）\n\n"
            "安吉职工书屋联盟成立\n　　本报讯 通讯员 方圆  8月10日，安吉县总工会牵头成立县职工书屋联盟。\n")
    page = split_page(page)
    assert page.articles[-1].headline == "安吉职工书屋联盟成立"
    assert page.articles[-1].byline.people() == [("correspondent", "方圆")]
    assert page.articles[-2].paragraphs == ["■近日，诸暨市总工会为120名困难职工子女发放助学金36万元。（杨柳）"]
    assert "joined_blocks" not in [r.kind for r in page.repairs]


@pytest.mark.parametrize("line, staff, credit", [
    ("文字：周敏", False, True),
    ("图片：李强", False, True),
    ("图片：舟山市总工会", True, False),
])
def test_text_and_picture_lines(line, staff, credit):
    assert is_staff_line(line) is staff
    assert is_credit_line(line) is credit


@pytest.mark.parametrize("text, names", [
    ("（一）常山县总工会法律援助中心全年受理职工法律援助申请58件。", ["常山县总工会法律援助中心"]),
    ("(2)常山县总工会开展集体协商。", ["常山县总工会"]),
])
def test_enumerator_bracket_is_not_part_of_a_name(text, names):
    assert [o.name for o in find_org_names(text)] == names


def test_roundup_with_chinese_numbered_headlines():
    text = ("衢州工会\n2025年9月30日 19:20 浙江\n\n"
            "一、柯城区总工会举办“金秋助学”发放仪式\n9月26日，柯城区总工会为86名困难职工子女发放助学金25.8万元。\n\n"
            "二、衢江区总工会开展送清凉活动\n今夏以来，衢江区总工会累计慰问高温一线职工3200余人次。\n")
    result = analyse(text, use_database=False)
    assert [a.article.headline for a in result.articles] == [
        "柯城区总工会举办“金秋助学”发放仪式", "衢江区总工会开展送清凉活动"]
    assert [(f.value, f.unit, f.thing) for _p, f in result.articles[1].figures] == [
        (3200, "person-times", "高温一线职工")]


def test_closing_credit_in_brackets_and_bare_lead():
    page = ("【奋进新征程 建功新时代】\n绍兴市表彰一批劳动模范和先进集体\n\n"
            "本报讯　5月1日前夕，绍兴市总工会召开劳模表彰大会，表彰绍兴市劳动模范100名。"
            "会上，浙江三花智能控制股份有限公司工会等5家单位作了交流发言。（记者 钱程 通讯员 孙悦）\n")
    [art] = analyse(page, use_database=False).articles
    assert art.article.byline.people() == [("reporter", "钱程"), ("correspondent", "孙悦")]
    assert art.article.paragraphs[0].startswith("5月1日前夕，") and art.article.paragraphs[0].endswith("交流发言。")
    # a numeral opening a brand (三花) and a verb between the name's nouns (智能|控制)
    assert art.org_names() == ["绍兴市总工会", "浙江三花智能控制股份有限公司工会"]


@pytest.mark.parametrize("text, names", [
    ("工会组织职工参观浙江五芳斋实业股份有限公司", ["浙江五芳斋实业股份有限公司"]),
    ("职工走访杭州娃哈哈集团有限公司", ["杭州娃哈哈集团有限公司"]),
])
def test_company_brands(text, names):
    assert [o.name for o in find_org_names(text)] == names


def test_item_headline_below_a_marker_may_hold_commas_and_its_figure_is_the_bodys():
    text = ("泉州工会\n2025年11月20日 18:05 福建\n\n"
            "01\n晋江：金秋助学金发放到位，326名学子受益\n近日，晋江市总工会资助困难职工子女326名。\n\n"
            "02\n\n石狮：缝纫工同台比拼，210人参赛\n11月15日，石狮市总工会举办技能竞赛，210名缝纫工同台比拼。\n")
    result = analyse(text, use_database=False)
    assert [a.article.headline for a in result.articles] == [
        "晋江：金秋助学金发放到位，326名学子受益", "石狮：缝纫工同台比拼，210人参赛"]
    assert [(f.value, f.thing) for _p, f in result.articles[0].unique_figures()] == [(326, "困难职工子女")]
    assert [(f.value, f.thing) for _p, f in result.articles[1].unique_figures()] == [(210, "缝纫工")]


def test_hard_wrapped_body_lines_are_joined_and_lead_credits_with_ben_bao_roles():
    page = ("台州“蓝领驿站”\n覆盖所有乡镇\n\n"
            "本报讯 本报记者 林海 本报通讯员 王珏 截至6月底，台州市总工会已在全市建成“蓝领驿站”\n"
            "326个，实现乡镇（街道）全覆盖。今年以来，\n台州市总工会新建驿站58个。\n")
    result = analyse(page, use_database=False)
    [art] = result.articles
    assert art.article.byline.people() == [("reporter", "林海"), ("correspondent", "王珏")]
    assert art.article.paragraphs == [
        "截至6月底，台州市总工会已在全市建成“蓝领驿站”326个，实现乡镇（街道）全覆盖。今年以来，台州市总工会新建驿站58个。"]
    assert [(f.value, f.thing) for _p, f in art.figures] == [(326, "蓝领驿站"), (58, "驿站")]
    assert [r.kind for r in result.repairs] == ["joined_lines", "joined_lines"]


def test_a_headline_line_with_a_comma_is_not_joined_to_its_body():
    blocks, repairs = repair_layout("晋江：金秋助学金发放到位，326名学子受益\n近日，晋江市总工会资助困难职工子女326名。")
    assert blocks == ["晋江：金秋助学金发放到位，326名学子受益\n近日，晋江市总工会资助困难职工子女326名。"]
    assert repairs == []
