"""Issue 8, fifth round (tuned on the third blind set): the annotation conventions of
docs/ingest.md as the extractor reads them (个 by what it counts, a photo credit keeping
the printed role, one organisation per body under its fullest name, groups not
organisations) and the general rules for counted things added in that round."""

from __future__ import annotations

import pytest

from gonghui.ingest.entities import _short_form_of, find_org_names, is_group, same_bodies
from gonghui.ingest.head import read_credits
from gonghui.ingest.numbers import find_figures, normalise_digits, unit_of_ge
from gonghui.ingest.pipeline import analyse


def figs(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.thing) for f in find_figures(text)]


@pytest.mark.parametrize("thing, unit", [
    ("基层工会", "organisations"), ("区、县(市)总工会", "organisations"), ("基层工会组织", "organisations"),
    ("企业", "organisations"), ("联系服务小组", "teams"), ("工作组", "teams"), ("疗休养团队", "teams"),
    ("爱心驿站", "units"), ("就业岗位", "units"), ("领域", "units"), ("技术难题", "units"),
])
def test_unit_of_ge_by_what_it_counts(thing, unit):
    assert unit_of_ge(thing) == unit


@pytest.mark.parametrize("text, expected", [
    ("已走访企业83家、基层工会41个、劳模工匠19人", [(83, "organisations", "企业"), (41, "organisations", "基层工会"),
                                        (19, "persons", "劳模工匠")]),
    ("组建五个联系服务小组，包片联系各镇", [(5, "teams", "联系服务小组")]),
    ("由绍兴市总工会及所属5个产业工会、6个区、县(市)总工会的18名帮扶志愿者组成。",
     [(5, "organisations", "产业工会"), (6, "organisations", "区、县(市)总工会"), (18, "persons", "帮扶志愿者")]),
    ("包片联系全县20个乡镇（街道）总工会", [(20, "organisations", "乡镇（街道）总工会")]),
    ("提供就业岗位两千余个。", [(2000, "units", "就业岗位")]),
    ("收集各类需求15件次，已解决问题29件次。", [(15, "item-times", "需求"), (29, "item-times", "解决问题")]),
])
def test_ge_counts_and_item_times(text, expected):
    assert figs(text) == expected


@pytest.mark.parametrize("text, expected", [
    # coordinated or bracketed parts before a shared noun stay with it
    ("组织全市32名省、市级劳模工匠赴遂昌县疗休养。", [(32, "persons", "省、市级劳模工匠")]),
    # ...but not a conjunction's list after money: the money is for what precedes it
    ("送去慰问金12万元以及棉被、大米、食用油等生活用品。", [(120000, "yuan", "慰问金")]),
    ("送去慰问金1.6万元及米、油等生活用品。", [(16000, "yuan", "慰问金")]),
    # a modifier jieba reads as a phrase (困难职工 is l) goes on into the noun
    ("用于资助12名深度困难职工子女完成学业。", [(12, "persons", "深度困难职工子女")]),
    # a noun right before the number is what it counts, not the verb after
    ("吸引一线职工1300余人报名参赛。", [(1300, "persons", "一线职工")]),
    ("共有242人参加无偿献血。", [(242, "persons", "无偿献血")]),
    # money spent: the clause's subject when adverbs or 了 stand between
    ("治疗费已经花了30余万元。", [(300000, "yuan", "治疗费")]),
    ("带动企业增效3000余万元。", [(30000000, "yuan", "增效")]),
    # 其中 N: a part of the figure before it, counting the same thing
    ("年度复核在档困难职工家庭２１８户，其中61户实现解困脱困。",
     [(218, "households", "在档困难职工家庭"), (61, "households", "在档困难职工家庭")]),
    # a rate after 提高了; a share opening its clause is of the group before 中
    ("让绑扎效率提高了近三成", [(30, "percent", "效率")]),
    ("今年公司新招的200多名员工中，近三成缺少数控操作经验。", [(200, "persons", "员工"), (30, "percent", "员工")]),
    # 两场 / 两期 with what they count are counts; 两天 said loosely is not
    ("开设两期技能培训班。", [(2, "sessions", "技能培训班")]),
    ("为企业定制开设化工操作工培训班两期。", [(2, "sessions", "化工操作工培训班")]),
    ("镇里还将举办两场小型招聘会。", [(2, "sessions", "小型招聘会")]),
    ("他外出两天。", []),
    # union words kept whole; figures closing a text without a full stop
    ("今年计划组织四批疗休养", [(4, "batches", "疗休养")]),
    ("劳模工匠19人", [(19, "persons", "劳模工匠")]),
    # full-width decimal point; numerals inside an idiom
    ("送去８６．４万元慰问金。", [(864000, "yuan", "慰问金")]),
    ("开化县总工会送温暖走进千家万户", []),
])
def test_counted_things(text, expected):
    assert figs(text) == expected


def test_normalise_digits_keeps_length_and_sentence_points():
    assert normalise_digits("８６．４万元") == "86.4万元"
    assert normalise_digits("第２版．要闻") == "第2版．要闻"


@pytest.mark.parametrize("line, credits", [
    ("图/通讯员 杨帆", {"reporter": [], "correspondent": ["杨帆"], "photographer": ["杨帆"]}),
    ("文/本报记者 沈佳怡　图/陆骏", {"reporter": ["沈佳怡"], "correspondent": [], "photographer": ["陆骏"]}),
    ("文/通讯员 王芳 图/李强", {"reporter": [], "correspondent": ["王芳"], "photographer": ["李强"]}),
    ("通讯员 黄丽萍 摄", {"reporter": [], "correspondent": ["黄丽萍"], "photographer": ["黄丽萍"]}),
])
def test_photo_credit_keeps_the_printed_role(line, credits):
    assert read_credits(line) == credits


@pytest.mark.parametrize("short, full, same", [
    ("恩施州总工会", "湖北省恩施州总工会", True),
    ("广丰区总工会", "上饶市广丰区总工会", True),
    ("德清县总工会", "湖州市德清县总工会", True),
    ("德清工会", "湖州市德清县总工会", True),
    ("温州工会", "温州市总工会", True),
    ("中天建设集团工会", "中天建设集团有限公司工会", True),
    ("越城区总工会", "绍兴市越城区总工会办公室", False),  # the union's office is another body
    ("温州工会", "温州市总工会职工服务中心", False),
    ("杭州市总工会", "杭州市工会帮扶志愿者代表团", False),
    ("宁波港集团", "宁波舟山港集团有限公司工会", False),
])
def test_short_form_of(short, full, same):
    assert _short_form_of(short, full) is same


def test_same_bodies_maps_to_the_longest_name():
    names = ["德清工会", "湖州市德清县总工会", "德清县总工会", "浙江远大钢构实业有限公司"]
    assert same_bodies(names) == {"德清工会": "湖州市德清县总工会", "德清县总工会": "湖州市德清县总工会"}


def test_org_names_once_per_body_without_groups():
    text = ("绍兴工会帮扶志愿者走进黔东南\n\n"
            "近日，绍兴市总工会帮扶志愿者代表团一行来到对口帮扶地区贵州省黔东南苗族侗族自治州总工会。"
            "代表团由绍兴市总工会及所属产业工会的帮扶志愿者组成。"
            "在黔东南州乡村振兴局等单位的支持下，两地工会召开座谈会。\n")
    [art] = analyse(text, None, use_database=False).articles
    assert art.org_names() == ["绍兴市总工会", "贵州省黔东南苗族侗族自治州总工会", "黔东南州乡村振兴局"]
    mentions = {o.name: o for _p, o in art.orgs}
    assert mentions["绍兴工会"].same_as == "绍兴市总工会"
    assert mentions["绍兴市总工会帮扶志愿者代表团"].group  # kept as a mention (the delegation draft)


@pytest.mark.parametrize("name, group", [
    ("杭州市工会帮扶志愿者代表团", True), ("三门县总工会劳模工匠服务队", True), ("沧州市总工会职工服务中心", False),
])
def test_is_group(name, group):
    assert is_group(name) is group


@pytest.mark.parametrize("text, names", [
    ("“以前遇到问题不知道找谁，现在工会的人主动上门了。”", []),  # 现在 is a time word
    ("会议提出，新一届镇总工会将聚焦产业工人队伍建设改革。", []),  # a term, then the town's own union
    ("包片联系各乡镇（街道）总工会。", []),
    ("劳模工匠服务队“问诊”五金车间", []),  # a quoted verb does not join two names
    ("在黔东南州乡村振兴局等单位的支持下", ["黔东南州乡村振兴局"]),
    ("包片联系全县20个乡镇（街道）总工会和仙居经济开发区总工会", ["仙居经济开发区总工会"]),
    ("在杭州市总工会对口帮扶点湖北省恩施州总工会的会议室内", ["杭州市总工会", "湖北省恩施州总工会"]),
    ("中国银行嘉兴分行为19户困难职工家庭送去慰问金", ["中国银行嘉兴分行"]),
])
def test_org_name_edges(text, names):
    assert [o.name for o in find_org_names(text)] == names
