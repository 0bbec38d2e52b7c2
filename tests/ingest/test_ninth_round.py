"""Issue 8, ninth round (tuned on the seventh blind set, aimed at robustness). Each rule
has three or more variants of its own (wording, markers, spacing, blank lines); none is
copied from the blind set."""

from __future__ import annotations

import pytest

from gonghui.ingest.pipeline import analyse
from gonghui.ingest.split import is_speech_head_line, split_page

SPEECH_BODY = ("一、过去一年的主要工作\n"
               "一年来，全县工会组建服务小分队18支，走访企业320家，慰问困难职工460户。\n"
               "（一）技能提升。举办技能培训班24期，培训职工3600人次。\n\n"
               "二、明年的工作安排\n明年，全县工会将新建职工驿站12个。\n")

SPEECH_HEADS = [
    # title, —— subtitle, speaker, bracketed date, salutation: each on its own line
    ("奋楫扬帆启新程　团结奋斗谱新篇\n"
     "——在安远县总工会第十六届委员会第三次全体会议上的报告\n"
     "安远县总工会党组书记、主席　王晓东\n"
     "（2026年1月8日）\n\n同志们：\n",
     "奋楫扬帆启新程 团结奋斗谱新篇"),
    # blank lines between the parts, ASCII brackets, the salutation to delegates
    ("凝聚职工力量　建设美丽县城\n\n"
     "——在县总工会十二届四次全委会议上的讲话\n\n"
     "县委常委、县总工会主席 李红梅\n"
     "(2025年12月30日)\n\n各位委员、同志们：\n",
     "凝聚职工力量 建设美丽县城"),
    # date before the speaker, the speaker's name after a colon
    ("奋进新征程　建功新时代\n"
     "——在市总工会年度工作会议上的工作报告\n"
     "（2026年2月3日）\n"
     "市总工会党组书记：陈建国\n\n同志们：\n",
     "奋进新征程 建功新时代"),
    # no subtitle: the title, the speaker and the date only
    ("关于全区工会二〇二五年工作的报告\n"
     "区总工会常务副主席　赵敏\n"
     "（2025年12月20日）\n\n各位代表：\n",
     "关于全区工会二〇二五年工作的报告"),
]


@pytest.mark.parametrize("head, headline", SPEECH_HEADS)
def test_a_speech_title_block_keeps_its_headline_and_drops_speaker_date_and_salutation(head, headline):
    page = split_page(head + SPEECH_BODY)
    assert len(page.articles) == 1
    art = page.articles[0]
    assert art.headline == headline
    assert art.paragraphs[0].startswith("一、过去一年的主要工作") or art.paragraphs[0] == "一、过去一年的主要工作"
    assert not any(p.startswith(("同志们", "各位", "（20", "(20")) for p in art.paragraphs)
    assert not any("主席" in p and len(p) < 30 for p in art.paragraphs)


def test_a_speech_report_keeps_its_figures_under_the_headline():
    result = analyse(SPEECH_HEADS[0][0] + SPEECH_BODY, use_database=False)
    assert len(result.articles) == 1
    values = {(f.value, f.unit) for _p, f in result.articles[0].unique_figures()}
    assert {(18, "teams"), (320, "organisations"), (460, "households"), (3600, "person-times")} <= values


@pytest.mark.parametrize("line, after_title, expected", [
    ("（2026年1月8日）", False, True),
    ("(2025年12月30日)", False, True),
    ("同志们：", False, True),
    ("各位代表、同志们：", False, True),
    ("安远县总工会党组书记、主席　王晓东", True, True),
    ("安远县总工会党组书记、主席　王晓东", False, False),  # not below a title: left alone
    ("县总工会主席走访困难职工", True, False),  # a headline naming a chairman
    ("县总工会主席王晓东带队走访困难职工80户。", True, False),
    ("同志们，新征程催人奋进。", False, False),
])
def test_speech_head_lines(line, after_title, expected):
    assert is_speech_head_line(line, after_title=after_title) is expected


BRIEF_ITEMS = ("一、县总工会召开职工服务工作推进会\n"
               "3月5日，县总工会召开职工服务工作推进会，各乡镇工会负责人30余人参加。\n\n"
               "二、县总工会开展春送岗位活动\n"
               "3月8日，县总工会举办招聘会2场，提供岗位600个。\n")


@pytest.mark.parametrize("issue", ["（第18期）", "(2026年第3期)", "〔第7期〕", "（总第45期）"])
def test_an_issue_number_in_brackets_is_part_of_the_brief_head(issue):
    text = f"工 会 简 报\n{issue}\n\n安远县总工会办公室　　　　2026年3月10日\n\n" + BRIEF_ITEMS
    assert [a.headline for a in split_page(text).articles] == [
        "县总工会召开职工服务工作推进会", "县总工会开展春送岗位活动"]


@pytest.mark.parametrize("sentence", [
    "全州工会今年共组织职工疗休养团队12个。",
    "全盟工会开展送温暖活动，慰问职工300户。",
    "全旗工会组织技能比武，参赛职工200名。",
    "全系统工会组织开展劳动竞赛，参赛班组40个。",
])
def test_a_scope_word_before_a_union_makes_it_generic(sentence):
    result = analyse("县总工会工作简讯\n" + sentence, use_database=False)
    assert [name for a in result.articles for name in a.org_names()] == []


PAGE_BODY = ("劳模服务队走进企业解难题\n"
             "本报讯（记者　刘青　通讯员　王海）3月\n"
             "12日，宁海县总工会组织劳模服务队走进3\n"
             "家制造企业，现场解决技术难题8个。\n")


@pytest.mark.parametrize("head", [
    "工会视点　　　　　　　　　　责任编辑：孙晓冬\n\n",
    "综合新闻　　　　　　版式：吴芳　　审核：王建华\n\n",
    "职工之家　　　　编辑：陈雨婷\n\n",
])
def test_a_section_name_beside_the_page_editor_is_masthead_and_a_news_lead_closes_the_headline(head):
    articles = split_page(head + PAGE_BODY).articles
    assert [a.headline for a in articles] == ["劳模服务队走进企业解难题"]
    assert articles[0].byline.reporters == ["刘青"]
    assert articles[0].byline.correspondents == ["王海"]


@pytest.mark.parametrize("lead, reporters, correspondents", [
    ("本报讯（记者　刘青）3月", ["刘青"], []),
    ("本报讯（通讯员　王海　李可）3月", [], ["王海", "李可"]),
    ("本报讯　记者　刘青　报道　3月", ["刘青"], []),
])
def test_a_headline_right_above_a_wrapped_news_lead_is_split_from_it(lead, reporters, correspondents):
    text = ("劳模服务队走进企业解难题\n" + lead + "\n"
            "12日，宁海县总工会组织劳模服务队走进3\n家制造企业，现场解决技术难题8个。\n")
    articles = split_page(text).articles
    assert [a.headline for a in articles] == ["劳模服务队走进企业解难题"]
    assert articles[0].byline.reporters == reporters
    assert articles[0].byline.correspondents == correspondents
    # the lead wrapped after its month goes on in the next line
    assert articles[0].paragraphs[0] == "3月12日，宁海县总工会组织劳模服务队走进3家制造企业，现场解决技术难题8个。"


def figures(text: str) -> set[tuple]:
    from gonghui.ingest.numbers import find_figures
    return {(f.value, f.unit, f.thing) for f in find_figures(text)}


@pytest.mark.parametrize("sentence, figure", [
    ("确保职工诉求办结率保持在95%以上。", (95, "percent", "职工诉求办结率")),
    ("劳动争议调解成功率提高到80%。", (80, "percent", "劳动争议调解成功率")),
    ("今年职工维权案件结案率提升至97%。", (97, "percent", "职工维权案件结案率")),
    ("职工疗休养覆盖率稳定在六成以上。", (60, "percent", "职工疗休养覆盖率")),
    ("困难职工帮扶满意率上升到96.5%。", (96.5, "percent", "困难职工帮扶满意率")),
])
def test_a_rate_set_at_a_level_is_named_by_its_whole_compound(sentence, figure):
    assert figure in figures(sentence)


@pytest.mark.parametrize("sentence, figure", [
    ("陇南市总工会考察学习团一行15人来青考察。", (15, "persons", "考察学习团")),
    ("市总工会调研组一行6人来我县调研。", (6, "persons", "调研组")),
    ("省总工会慰问团一行20余人走访企业。", (20, "persons", "慰问团")),
    ("县总工会主席李红率代表团一行12人赴结对县交流。", (12, "persons", "代表团")),
    ("劳模宣讲队一行八人走进校园。", (8, "persons", "劳模宣讲队")),
])
def test_a_visiting_party_counted_by_its_members_is_what_the_count_counts(sentence, figure):
    assert figure in figures(sentence)


@pytest.mark.parametrize("sentence, figure", [
    ("每期疗休养时间一般为5天。", (5, "days", "疗休养时间")),
    ("疗休养时间一律为5天。", (5, "days", "疗休养时间")),
    ("疗休养时间原则上为7天。", (7, "days", "疗休养时间")),
])
def test_an_adverb_of_habit_between_a_thing_and_its_number_is_no_part_of_the_thing(sentence, figure):
    assert figure in figures(sentence)


@pytest.mark.parametrize("sentence, figure", [
    ("全市参赛职工达三十余万人次。", (300000, "person-times", "参赛职工", "over")),
    ("惠及职工二十余万人。", (200000, "persons", "职工", "over")),
    ("参与群众五十多万人次。", (500000, "person-times", "群众", "over")),
    ("服务职工10余万人次。", (100000, "person-times", "职工", "over")),
])
def test_over_written_before_the_magnitude_counts_the_whole_number(sentence, figure):
    from gonghui.ingest.numbers import find_figures
    assert [(f.value, f.unit, f.thing, f.qualifier) for f in find_figures(sentence)] == [figure]


@pytest.mark.parametrize("sentence, figure", [
    ("发放“暖心包”500份，总价值约6万元。", (60000, "yuan", "暖心包")),
    ("送去慰问品800份，价值共计12万元。", (120000, "yuan", "慰问品")),
    ("为环卫工人送上清凉大礼包300余份，总价值4.5万元。", (45000, "yuan", "清凉大礼包")),
    ("捐赠图书2000册，价值约5万元。", (50000, "yuan", "图书")),
])
def test_the_worth_after_a_count_of_things_is_the_things_worth(sentence, figure):
    assert figure in figures(sentence)


@pytest.mark.parametrize("sentence, figure", [
    ("组建“三服务”工作组四十二个。", (42, "teams", "“三服务”工作组")),
    ("成立“一对一”帮扶小组25个。", (25, "teams", "“一对一”帮扶小组")),
    ("培育“五星级”职工之家12家。", (12, "organisations", "“五星级”职工之家")),
    ("开展“双百”行动服务队8支。", (8, "teams", "“双百”行动服务队")),
    ("命名“工人先锋号”班组36个。", (36, "teams", "“工人先锋号”班组")),
])
def test_a_quoted_name_holding_a_numeral_is_taken_whole(sentence, figure):
    assert figure in figures(sentence)
