"""The ingest parsers on real values: numeral forms, relative dates, layout repairs,
articles and bylines of the seed page, organisations, kinds."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.ingest.dates import find_dates
from gonghui.ingest.entities import find_org_names
from gonghui.ingest.kinds import kind_of
from gonghui.ingest.numbers import find_figures, parse_number
from gonghui.ingest.pipeline import analyse
from gonghui.ingest.repair import repair_layout
from gonghui.ingest.split import split_page

SEED = Path("/work/shared/seed/000_28ff40035ba94a8b.txt")
PAGE_DATE = dt.date(2019, 4, 3)


def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("seed page not present")
    return SEED.read_text(encoding="utf-8")


def one(text: str):
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "thing", "qualifier"),
    [
        ("德清县总工会已走访企业57家,", 57, "organisations", "企业", ""),
        ("长兴“十万职工同唱一首歌”", 100000, "persons", "职工", ""),
        ("累计献血8万多毫升,", 80000, "mL", "献血", "over"),
        ("劳模工匠服务队的两名焊接技术高手正与工人们交流", 2, "persons", "焊接技术高手", ""),
        ("直接参与职工2300余人次,", 2300, "person-times", "职工", "over"),
        ("此次活动共走访企业１２家,", 12, "organisations", "企业", ""),
        ("惠及职工近千人。", 1000, "persons", "职工", "about"),
        ("发放用品价值约２万元。", 20000, "yuan", "用品", "about"),  # 价值 is the worth, not the thing
        ("共有242人参加无偿献血,", 242, "persons", "无偿献血", ""),
        ("撰写了200多封感谢信给每一位献血者", 200, "letters", "感谢信", "over"),
    ],
)
def test_numeral_forms(text, value, unit, thing, qualifier):
    figure = one(text)
    assert (figure.value, figure.unit, figure.thing, figure.qualifier) == (value, unit, thing, qualifier)
    assert text[figure.start:figure.end] == figure.text


def test_parse_number_forms():
    assert [parse_number(n) for n in ("57", "十万", "8万", "两", "５７", "1.5万", "千")] == [
        57, 100000, 80000, 2, 57, 15000, 1000]
    with pytest.raises(ValueError):
        parse_number("abc")


def test_not_figures():
    # years, ordinals, a 届/次 of a congress, anniversaries, the article 一
    assert find_figures("2019年工作任务,第九次会议,全总十七届二次执委会,成立70周年,一场座谈会") == []


@pytest.mark.parametrize(
    ("text", "date_from", "date_to", "approximate"),
    [
        ("近日,会议举行", "2019-03-27", "2019-04-03", True),
        ("日前,启动仪式举行", "2019-03-27", "2019-04-03", True),
        ("去年7月,两地总工会签订", "2018-07-01", "2018-07-31", False),
        ("今年年初开始", "2019-01-01", "2019-03-31", True),
        ("活动时间持续至4月底", "2019-04-21", "2019-04-30", False),
        ("2019年4月3日上午", "2019-04-03", "2019-04-03", False),
    ],
)
def test_dates_against_page_date(text, date_from, date_to, approximate):
    (mention,) = find_dates(text, PAGE_DATE)
    assert (mention.date_from, mention.date_to, mention.approximate) == (date_from, date_to, approximate)
    assert mention.flag == ""


@pytest.mark.parametrize("text", ["近日,会议举行", "日前,启动", "去年7月,签订", "今年年初开始"])
def test_relative_dates_flagged_without_page_date(text):
    (mention,) = find_dates(text, None)
    assert mention.kind == "relative"
    assert mention.date_from is None and mention.flag == "no page date"


def test_absolute_date_needs_no_page_date():
    (mention,) = find_dates("2017年开始", None)
    assert (mention.date_from, mention.date_to, mention.flag) == ("2017-01-01", "2017-12-31", "")


def test_repair_joins_a_sentence_split_across_blank_lines():
    text = ("“我们将进一步宣传、推广恩施,尽可能地给恩施提供更多的帮\n\n扶资源。”他表示。\n"
            "去年7月,两地总工会签订协议,明确在“职工文化、人才队伍”四个领域建\n\n立合作互惠机制。")
    blocks, repairs = repair_layout(text)
    joined = "\n".join(blocks)
    assert "帮扶资源" in joined and "建立合作" in joined
    assert [r.kind for r in repairs] == ["joined_blocks", "joined_blocks"]


def test_repair_keeps_headlines_apart_from_body():
    blocks, repairs = repair_layout("缅怀先烈祭英魂\n\n清明将至,安吉天子岗水库管理处工会组织干部职工来到烈士陵园。")
    assert blocks[0] == "缅怀先烈祭英魂" and len(blocks) == 2 and repairs == []


def test_repair_stray_latin_word():
    blocks, repairs = repair_layout("这是负责人介绍的2019年工作思路 and 要点里的共识。")
    assert blocks == ["这是负责人介绍的2019年工作思路和要点里的共识。"]
    assert repairs[0].kind == "stray_latin" and "and" in repairs[0].note


def test_repair_unknown_latin_word_flagged_not_replaced():
    blocks, repairs = repair_layout("职工们参加了 blah 活动。")
    assert blocks == ["职工们参加了 blah 活动。"]
    assert [r.kind for r in repairs] == ["stray_latin"]


def test_repair_column_gap_inside_a_line():
    blocks, repairs = repair_layout("职工疗休养对接合作,两地在人才培养、疗休  养等领域合作。")
    assert blocks == ["职工疗休养对接合作,两地在人才培养、疗休养等领域合作。"]
    assert repairs[0].kind == "column_gap"


def test_truncated_page_is_flagged_not_completed():
    text = "“下阶段,我们将进民营企业,开展面对面的服务。”三门县总工会经济部部长奚圣来表"
    blocks, repairs = repair_layout(text)
    assert blocks == [text]
    assert [r.kind for r in repairs] == ["truncated"]


def test_seed_articles_headlines_and_bylines():
    page = split_page(seed_text())
    heads = [a.headline for a in page.articles]
    assert heads == [
        "杭州市工会帮扶志愿者代表团走进恩施 扶贫路上,我们都是追梦人",
        "省产业工会联席会议第九次会议举行",
        "人人争当主力军 奉化启动新一轮重点工程立功竞赛",
        "镇海龙游两地工会推进共赢发展 “山海协作”再升级",
        "长兴“十万职工 同唱一首歌”",
        "缅怀先烈祭英魂",
        "“我为祖国献热血”",
        "德清工会勤走访 帮助企业解难题",
        "三门工会上门忙",
    ]
    arts = page.articles
    assert arts[1].kicker == "一切为了职工 对美好生活的需求"
    assert arts[7].kicker == "深化“三服务”工会在行动"
    assert arts[8].subheadline == "劳模工匠送技术"
    assert arts[0].byline.correspondents == ["徐炯", "方建生", "虞文璐"]
    assert (arts[2].byline.reporters, arts[2].byline.correspondents) == (["张浩呈"], ["陈标"])
    assert arts[5].byline.photographers == ["毛才传"]
    assert (arts[6].byline.reporters, arts[6].byline.photographers) == (["张浩呈"], ["周迎朝"])
    kinds = [r.kind for r in page.repairs]
    assert kinds.count("joined_blocks") == 14 and "stray_latin" in kinds
    assert kinds[-1] == "truncated"
    assert any("帮扶资源" in p for p in arts[0].paragraphs)
    assert arts[8].paragraphs[-1].endswith("奚圣来表")


def test_seed_organisations_and_kinds():
    result = analyse(seed_text(), PAGE_DATE, use_database=False)
    assert [a.kind for a in result.articles] == [
        "delegation", "meeting", "competition", "agreement", "culture", "commemoration",
        "blood_drive", "visits", "craftsman"]
    assert {"宁波方太厨具有限公司工会", "慈溪市血站"} <= set(result.articles[6].org_names())
    assert {"湖州市德清县总工会", "浙江远大钢构实业有限公司"} <= set(result.articles[7].org_names())
    figs = {(f.value, f.unit) for _p, f in result.articles[7].unique_figures()}
    assert {(57, "organisations"), (29, "households"), (26, "person-times"),
            (11, "item-times"), (34, "item-times"), (3, "item-times")} <= figs


def test_org_names_bounded_on_the_left():
    names = [o.name for o in find_org_names("在杭州市总工会对口帮扶点湖北省恩施州总工会的会议室内")]
    assert names == ["杭州市总工会", "湖北省恩施州总工会"]
    assert kind_of("共有242人参加无偿献血") == "blood_drive"


def test_organisations_matched_to_union_tree(tree):
    result = analyse("本报讯 近日,湖州市德清县总工会组织教学人员来到企业。", PAGE_DATE)
    (org,) = [o for _p, o in result.articles[0].orgs]
    assert (org.name, org.match_kind, org.match_id) == ("湖州市德清县总工会", "union", tree.county.pk)


def test_ingest_command_json(tmp_path, db):
    path = tmp_path / "page.txt"
    path.write_text(seed_text(), encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(path), "--date", "2019-04-03", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["articles"]) == 9 and data["page_date"] == "2019-04-03"
    blood = data["articles"][6]
    assert blood["kind"] == "blood_drive"
    assert [(f["value"], f["unit"]) for f in blood["figures"]] == [
        (242, "persons"), (80000, "mL"), (15, "persons"), (200, "letters")]


def test_ingest_command_bad_date(tmp_path, db):
    from django.core.management.base import CommandError

    path = tmp_path / "page.txt"
    path.write_text("近日,会议举行。", encoding="utf-8")
    with pytest.raises(CommandError, match="--date"):
        call_command("ingest", str(path), "--date", "2019-13-40")


def test_eval_targets_on_the_seed():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    seed_text()
    import ingest_eval

    seed = ingest_eval.run()["seed"]["overall"]
    assert seed["articles"]["recall"] == 1.0
    assert seed["figures"]["recall"] >= 0.95 and seed["figures"]["precision"] >= 0.90
    assert seed["organisations"]["recall"] >= 0.90


def test_regions_matched_to_codes(db):
    from gonghui.orgs.models import Region

    Region.objects.create(code="330521", name="德清县", level=Region.Level.COUNTY)
    Region.objects.create(code="422800", name="恩施土家族苗族自治州", level=Region.Level.CITY)
    result = analyse("本报讯 近日,湖州市德清县总工会组织教学人员来到企业。", PAGE_DATE)
    assert [(r.name, r.code) for r in result.articles[0].regions] == [("德清县", "330521")]
    result = analyse(seed_text(), PAGE_DATE)
    assert ("恩施州", "422800") in [(r.name, r.code) for r in result.articles[0].regions]
