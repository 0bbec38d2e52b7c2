"""Issue 8, eighth round (tuned on the sixth blind set, aimed at robustness): the layout is
normalised before the text is split (letter-spaced lines, page numbers and headers, rule
lines, hard-wrapped PDF lines), a text without a headline is split again on other cues,
and kickers, credits and item datelines never swallow the article below. Each layout
feature has three or more variants of its own (wording, marker, spacing, width); none is
copied from the blind set."""

from __future__ import annotations

import pytest

from gonghui.ingest.head import is_staff_line
from gonghui.ingest.normalise import despace_letters, drop_page_furniture, wrap_width
from gonghui.ingest.pipeline import analyse
from gonghui.ingest.split import split_page


def headlines(text: str) -> list[str]:
    return [a.headline for a in split_page(text).articles]


def figures_of(text: str) -> dict[str, set[tuple]]:
    """Each article's figures as ``{headline: {(value, unit, thing)}}``."""
    result = analyse(text, use_database=False)
    return {a.article.headline: {(f.value, f.unit, f.thing) for _p, f in a.unique_figures()}
            for a in result.articles}


def wrap(paragraph: str, width: int, indent: str = "\u3000\u3000") -> list[str]:
    """``paragraph`` hard-wrapped at ``width`` Chinese characters (a digit is half), its
    first line indented, as a PDF's text layer gives it."""
    lines, line, used = [], indent, 2.0
    for ch in paragraph:
        w = 0.5 if ord(ch) < 256 else 1.0
        if used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    lines.append(line)
    return lines


# --- letter-spaced lines -------------------------------------------------------------

BRIEF_ITEMS = """
一、县总工会举办新就业形态劳动者专场招聘会

　　3月8日，县总工会联合县人力社保局举办专场招聘会，32家企业提供岗位560个。

二、县总工会开展女职工权益保护宣传

　　3月12日，县总工会走进15家企业开展宣传，发放资料2000余份。
"""


@pytest.mark.parametrize("masthead", [
    "工 会 工 作 简 报\n第7期",
    "职　工　动　态\n2026年第3期",
    "工  会  信  息\n第12期（总第88期）",
])
def test_a_letter_spaced_brief_title_is_closed_up_and_its_items_open_articles(masthead):
    text = masthead + "\n\n某县总工会办公室编　　　　2026年3月15日\n" + BRIEF_ITEMS
    page = split_page(text)
    assert [a.headline for a in page.articles] == [
        "县总工会举办新就业形态劳动者专场招聘会", "县总工会开展女职工权益保护宣传"]
    assert [r.kind for r in page.repairs if r.kind == "letter_spaced"] == ["letter_spaced"]
    figs = figures_of(text)
    assert (560, "units", "岗位") in figs["县总工会举办新就业形态劳动者专场招聘会"]
    assert (15, "organisations", "企业") in figs["县总工会开展女职工权益保护宣传"]


@pytest.mark.parametrize(("line", "closed"), [
    ("工 会 工 作 简 报", "工会工作简报"),
    ("职　工　之　家", "职工之家"),
    ("劳  模  风  采  录", "劳模风采录"),
    ("百年工会 初心如磐", "百年工会 初心如磐"),      # words, not letters
    ("通讯员 王 芳 李 强 摄", "通讯员 王 芳 李 强 摄"),  # a credit line is left as written
])
def test_letter_spaced_runs_of_three_or_more_single_letters_are_closed_up(line, closed):
    assert despace_letters(line)[0] == closed


# --- page furniture ------------------------------------------------------------------

@pytest.mark.parametrize("furniture", ["— 2 —", "-3-", "第4页", "第 5 页 共 8 页", "Page 6",
                                       "3/12", "CITY WORKERS DAILY", "━━━━━━━━━━"])
def test_page_numbers_headers_and_rules_are_dropped(furniture):
    text = f"县总工会慰问环卫工人\n\n{furniture}\n\n　　5月1日，县总工会为环卫工人送去慰问品300份。\n"
    kept, dropped = drop_page_furniture(text)
    assert furniture not in kept
    assert dropped == [furniture]
    assert figures_of(text) == {"县总工会慰问环卫工人": {(300, "copies", "慰问品")}}


def test_a_bare_number_is_a_page_number_unless_the_numbers_count_items_up():
    page = "宁波工人报　2026年3月4日　星期三　第4版\n4\n县总工会慰问环卫工人\n"
    assert "\n4\n" not in drop_page_furniture(page)[0]
    roundup = "1\n县总工会召开会议\n\n2\n区总工会开展活动\n"
    assert drop_page_furniture(roundup) == (roundup, [])
    padded = "01\n县总工会召开会议\n"
    assert drop_page_furniture(padded) == (padded, [])


def test_a_print_run_is_a_staff_line_not_a_figure():
    assert all(is_staff_line(x) for x in ("（共印60份）", "共印发120份", "印数：200份"))
    assert not is_staff_line("共印60份宣传册发给职工。")


# --- hard-wrapped PDF pages ----------------------------------------------------------

def pdf_page(width: int, footer: str) -> str:
    first = ("近日，丽水市莲都区总工会组织劳模工匠志愿者深入12家企业开展技术服务，"
             "帮助企业解决技术难题27个，培训一线职工480人次。据统计，今年以来全区工会"
             "已为职工办理互助保障2.3万人次，发放互助金约156万元。")
    second = ("3月20日，青田县第五届职工乒乓球赛在县体育中心开赛，共有来自机关和企业的"
              "36支队伍、近三百名职工参赛，赛期将持续至4月底，预计举行比赛八十余场。")
    lines = ["LISHUI WORKERS", "丽水工人报　　2026年3月25日　星期三　　第2版·基层", "2",
             "莲都工会劳模工匠", "走进中小企业", "本报记者 周敏 通讯员 叶青"]
    lines += wrap(first, width)
    lines += ["青田职工乒乓球赛", "开赛", "本报讯（通讯员 潘洁）"]
    body = wrap(second, width, indent="")
    lines += body[:2] + ["", footer, ""] + body[2:]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("width", "footer"), [(13, "— 2 —"), (16, "第2页"), (21, "-2-")])
def test_a_hard_wrapped_pdf_page_is_rejoined_and_its_two_line_headlines_read(width, footer):
    text = pdf_page(width, footer)
    assert wrap_width(text.splitlines()) is not None
    page = split_page(text)
    assert [a.headline for a in page.articles] == ["莲都工会劳模工匠走进中小企业", "青田职工乒乓球赛开赛"]
    assert page.articles[0].byline.people() == [("reporter", "周敏"), ("correspondent", "叶青")]
    assert page.articles[1].byline.people() == [("correspondent", "潘洁")]
    kinds = {r.kind for r in page.repairs}
    assert {"unwrapped", "joined_heading", "page_furniture"} <= kinds
    figs = figures_of(text)
    assert {(12, "organisations", "企业"), (27, "units", "技术难题"),
            (480, "person-times", "一线职工"), (1560000, "yuan", "互助金")} <= figs["莲都工会劳模工匠走进中小企业"]
    assert {(36, "teams", "队伍"), (80, "sessions", "比赛")} <= figs["青田职工乒乓球赛开赛"]


@pytest.mark.parametrize("text", [
    # paragraphs run on as long lines; headlines of one width are no wrap
    "\n".join(f"{i:02d}\n县总工会开展第{i}场职工服务活动\n　　{i}月3日，县总工会开展服务活动，"
              "共服务职工120人次，发放慰问品300份，受到职工欢迎和好评。" for i in range(1, 8)),
    # lines ending with a stop are paragraphs, not a wrap
    "\n".join("　　县总工会开展职工服务活动。" for _ in range(8)),
])
def test_texts_that_are_not_hard_wrapped_are_left_alone(text):
    assert wrap_width(text.splitlines()) is None


# --- fallback: no headline found by the layout's cues ---------------------------------

@pytest.mark.parametrize(("text", "heads", "people"), [
    ("各位同事：本周工会工作简要如下。\n县总工会举办职工乒乓球赛\n"
     "11月3日，县总工会在体育馆举办职工乒乓球赛，共有120名职工参赛。\n县总工会慰问环卫工人\n"
     "11月5日，县总工会为环卫工人送去慰问品300份。\n",
     ["县总工会举办职工乒乓球赛", "县总工会慰问环卫工人"], [[], []]),
    ("本周要闻如下，请各单位阅知。\n【云和县总工会开展送清凉活动】\n"
     "7月10日，云和县总工会为户外劳动者送去清凉物资500份。\n【龙泉市总工会召开劳模座谈会】\n"
     "7月12日，龙泉市总工会召开劳模座谈会，30名劳模参加。\n",
     ["云和县总工会开展送清凉活动", "龙泉市总工会召开劳模座谈会"], [[], []]),
    ("以下为本期基层来稿，供交流。\n职工书屋送书进企业\n通讯员 王明\n"
     "近日，青田县总工会向8家企业职工书屋赠送图书2000册。\n技能比武展风采\n通讯员 李华\n"
     "10月9日，缙云县总工会举办电工技能比武，46名选手参赛。\n",
     ["职工书屋送书进企业", "技能比武展风采"], [[("correspondent", "王明")], [("correspondent", "李华")]]),
])
def test_a_text_without_a_headline_is_split_at_title_lines_above_a_lead_or_credit(text, heads, people):
    page = split_page(text)
    found = [a for a in page.articles if a.headline]
    assert [a.headline for a in found] == heads
    assert [a.byline.people() for a in found] == people
    assert "fallback_split" in {r.kind for r in page.repairs}


def test_a_headless_report_with_one_title_like_line_is_left_as_it_is():
    text = ("今年以来，县总工会围绕中心工作，扎实推进各项任务。\n强化服务保障\n"
            "全年走访企业120家，慰问困难职工86户。\n")
    page = split_page(text)
    assert [a.headline for a in page.articles] == [""]
    assert "fallback_split" not in {r.kind for r in page.repairs}


# --- kickers, credits and datelines never swallow the article below --------------------

@pytest.mark.parametrize("credit", ["本报记者 周敏 通讯员 叶青", "通讯员 叶青 潘洁", "文/周敏 图/叶青"])
def test_a_kicker_and_headline_above_a_credit_open_their_article(credit):
    text = ("浙江工人日报\n2026年3月18日 星期三 第3版 地方新闻\n\n"
            f"深化“三服务” 助企稳岗促发展\n莲都工会走进车间班组“问需”\n{credit}\n\n"
            "　　连日来，莲都区总工会8个走访组深入企业，收集问题诉求120条。\n")
    page = split_page(text)
    assert [(a.kicker, a.headline) for a in page.articles] == [
        ("深化“三服务” 助企稳岗促发展", "莲都工会走进车间班组“问需”")]
    assert "叶青" in [name for _role, name in page.articles[0].byline.people()]


@pytest.mark.parametrize("credit", ["通讯员 郑可 摄", "本报记者 王林 摄", "（通讯员 孙悦 摄）"])
def test_a_block_closing_with_a_caption_credit_is_not_joined_to_the_next_article(credit):
    text = ("热血暖寒冬\n\n　　当天，268名职工报名参加献血，成功献血231人。\n"
            f"　　▲职工在献血车上献血。　{credit}\n\n"
            "县第五届职工技能大赛落幕\n　　本报讯　11月16日，县第五届职工技能大赛落幕，426名选手参赛。\n")
    assert headlines(text) == ["热血暖寒冬", "县第五届职工技能大赛落幕"]
    assert (426, "persons", "选手") in figures_of(text)["县第五届职工技能大赛落幕"]


@pytest.mark.parametrize("dateline", ["2026-03-24", "2026年3月24日", "2026年3月24日 星期二", "2026.3.24"])
def test_an_items_dateline_and_a_post_title_are_no_headlines(dateline):
    text = ("工会动态丨一周要闻速览（3.20—3.26）\n余杭工会　2026年3月26日 18:05　浙江\n\n"
            f"01\n区总工会召开一季度工作推进会\n{dateline}\n"
            "　　3月24日，区总工会召开推进会，各镇街工会负责人16人参加。\n\n"
            f"02\n寒冬热血暖人心\n{dateline}\n　　3月24日，区总工会组织职工献血，132名职工参加。\n")
    assert headlines(text) == ["区总工会召开一季度工作推进会", "寒冬热血暖人心"]


def test_a_post_title_above_its_account_line_is_the_headline_of_a_single_article_post():
    text = ("余杭区总工会为户外劳动者送清凉\n余杭工会　2026年7月26日 18:05　浙江\n\n"
            "　　7月25日，余杭区总工会为户外劳动者送去清凉物资800份。\n")
    assert headlines(text) == ["余杭区总工会为户外劳动者送清凉"]


# --- figures and organisations: general rules found on the sixth set --------------------

def figs(text: str) -> list[tuple]:
    from gonghui.ingest.numbers import find_figures
    return [(f.value, f.unit, f.thing) for f in find_figures(text)]


@pytest.mark.parametrize(("text", "figure"), [
    ("区总工会8个走访小组深入园区企业开展调研。", (8, "teams", "走访小组")),
    ("县总工会5支志愿服务队走进社区开展义诊。", (5, "teams", "志愿服务队")),
    ("全市组建12个帮扶专班奔赴一线。", (12, "teams", "帮扶专班")),
])
def test_a_verb_ends_a_counted_group(text, figure):
    assert figure in figs(text)


@pytest.mark.parametrize(("text", "figure"), [
    ("全县23个基层工会负责人参加培训。", (23, "organisations", "基层工会")),
    ("15个企业工会主席作了交流发言。", (15, "organisations", "企业工会")),
    ("6个乡镇总工会和产业工会负责人参会。", (6, "organisations", "乡镇总工会和产业工会")),
])
def test_ge_before_a_bodys_officers_counts_the_bodies(text, figure):
    assert figure in figs(text)


@pytest.mark.parametrize(("text", "figure"), [
    ("组织劳模工匠志愿者二十余名组成服务团，赴山区开展帮扶。", (20, "persons", "劳模工匠志愿者")),
    ("抽调青年职工15名组建突击队。", (15, "persons", "青年职工")),
    ("选派技术骨干8人组成专家组。", (8, "persons", "技术骨干")),
])
def test_people_named_before_a_count_with_a_verb_phrase_after(text, figure):
    value, unit, thing = figure
    found = {(v, u): t for v, u, t in figs(text)}
    # the people before the number (jieba may keep a verb before them: 选派技术骨干),
    # never what they do after it (组成专家组)
    assert found[(value, unit)].endswith(thing)


@pytest.mark.parametrize(("text", "figure"), [
    ("为困难职工发放生活补助，共计3.6万元。", (36000, "yuan", "生活补助")),
    ("协调追回拖欠工资86万元。", (860000, "yuan", "拖欠工资")),
    ("一线职工最低工资标准提高至2400元。", (2400, "yuan", "一线职工最低工资标准")),
])
def test_money_of_a_total_clause_of_wages_and_of_a_raised_level(text, figure):
    value, unit, thing = figure
    found = {(v, u): t for v, u, t in figs(text)}
    assert (value, unit) in found and (found[(value, unit)] in thing or thing in found[(value, unit)])


@pytest.mark.parametrize(("text", "figure"), [
    ("组织劳模疗休养3批次共150名。", (150, "persons", "劳模")),
    ("组织一线职工疗休养团队20个、800余人次。", (800, "person-times", "一线职工")),
    ("安排先进职工疗休养5期共240人。", (240, "persons", "先进职工")),
])
def test_a_count_after_another_with_gong_or_a_comma_counts_its_people(text, figure):
    assert figure in figs(text)


@pytest.mark.parametrize(("text", "figure"), [
    ("收集职工诉求60件次，当场答复25件次，其余35件次已建立台账。", (35, "item-times", "建立台账的职工诉求")),
    ("排查隐患40处，已整改32处，其余8处已移交属地跟踪。", (8, "places", "移交属地跟踪的隐患")),
    ("共有318名选手进入决赛。", (318, "persons", "选手")),
])
def test_follow_ups_with_what_was_done_after_and_people_written_after(text, figure):
    assert figure in figs(text)


@pytest.mark.parametrize(("text", "names"), [
    ("为纪念中华全国总工会成立100周年，区总工会举办展览。", ["中华全国总工会"]),
    ("宁波市总工会紧紧围绕中心、服务大局，各项工作取得新成效。", ["宁波市总工会"]),
    ("全市工会职工服务中心接待职工来访。", []),
    ("双方签订《山海协作工会结对帮扶协议》。", []),
    ("区总工会与鄞州区企业联合会召开联席会议。", ["鄞州区企业联合会"]),
    ("县总工会联合安吉县就业管理服务中心举办招聘会。", ["安吉县就业管理服务中心"]),
])
def test_organisation_edges_of_the_eighth_round(text, names):
    from gonghui.ingest.entities import find_org_names
    assert [o.name for o in find_org_names(text)] == names


@pytest.mark.parametrize(("short", "full"), [
    ("县人民医院", "安吉县人民医院"), ("市中心血站", "嘉兴市中心血站"), ("区文化馆", "柯桥区文化馆")])
def test_a_body_named_by_its_places_level_only_is_a_short_form(short, full):
    from gonghui.ingest.entities import same_bodies
    assert same_bodies([short, full]) == {short: full}


@pytest.mark.parametrize(("markers", "width"), [(("一、", "二、"), 15), (("■", "■"), 17), (("1.", "2."), 14)])
def test_a_hard_wrapped_brief_keeps_its_numbered_item_lines_apart(markers, width):
    first = ("3月8日，县总工会联合县人力社保局举办新就业形态劳动者专场招聘会，"
             "32家企业提供岗位560个，现场达成意向186人。")
    second = "3月12日，县总工会走进15家企业开展女职工权益保护宣传，发放资料2000余份，解答咨询120人次。"
    lines = (["职工工作动态", "2026年第3期", "", f"{markers[0]}县总工会举办专场招聘会"]
             + wrap(first, width, indent="") + [f"{markers[1]}县总工会开展女职工权益宣传"]
             + wrap(second, width, indent=""))
    text = "\n".join(lines) + "\n"
    assert headlines(text) == ["县总工会举办专场招聘会", "县总工会开展女职工权益宣传"]
    figs = figures_of(text)
    assert (560, "units", "岗位") in figs["县总工会举办专场招聘会"]
    assert (120, "person-times", "咨询") in figs["县总工会开展女职工权益宣传"] or any(
        v == 120 and u == "person-times" for v, u, _t in figs["县总工会开展女职工权益宣传"])
