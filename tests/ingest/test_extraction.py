"""Organisation boundaries and counted things on real sentences (the seed's, the
reports', and sentences written for these rules), with real values."""

from __future__ import annotations

import pytest

from gonghui.ingest.entities import find_org_names
from gonghui.ingest.numbers import find_figures
from gonghui.ingest.repair import is_byline_only
from gonghui.ingest.split import split_page


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # the left edge stops at a verb (联合, 走进) and keeps the region letter (县)
        ("近日，安吉县总工会联合县人民医院，走进浙江竹海家居有限公司开展职工心理健康服务活动。",
         ["安吉县总工会", "县人民医院", "浙江竹海家居有限公司"]),
        # a time word is not part of a name; the writer's own 县总工会 names nothing
        ("据悉，今年以来县总工会已组织此类活动15场。", []),
        # conjunctions 和/与 end a name, unless the part after could not stand alone
        ("联合区人力社保局和区妇联举办“春风行动”招聘会3场。", ["区人力社保局", "区妇联"]),
        ("宁波市鄞州区总工会联合县人力资源和社会保障局开展培训。",
         ["宁波市鄞州区总工会", "县人力资源和社会保障局"]),
        ("宁波舟山港集团有限公司工会与北仑区总工会联合举办第五届桥吊司机技能比武。",
         ["宁波舟山港集团有限公司工会", "北仑区总工会"]),
        # a body named after its parent is one name; 院 after a noun is a head
        ("区总工会女职工委员会联合越城区妇幼保健院开展“两癌”筛查。",
         ["区总工会女职工委员会", "越城区妇幼保健院"]),
        # a counted common noun is not a name
        ("来自集团下属8家码头公司的46名桥吊司机同台竞技。", []),
        # a place jieba read as a verb (奉化|区) stays in the name
        ("2018年以来,奉化区总工会围绕宁波市委“六争攻坚、三年攀高”战略部署。", ["奉化区总工会", "宁波市委"]),
        # a place named after an organisation (visited, or 在…里) gives the organisation
        ("会议期间,与会人员参观了宁波康达电子有限公司阳明心坊、象山县黄避岙乡斑澜海岸联合工会职工文化活动中心。",
         ["宁波康达电子有限公司", "象山县黄避岙乡斑澜海岸联合工会"]),
        ("近日,在台州奇艺环保设备科技有限公司生产车间里,焊接技术高手正与工人们交流。",
         ["台州奇艺环保设备科技有限公司"]),
        # generic groups are not names: 各区县(市)总工会, 省产业工会, 服务大局, 物业公司
        ("自2017年开始,杭州市及各区县(市)总工会与恩施州旅委会进行对接。", ["恩施州旅委会"]),
        ("16家省产业工会负责人就相关内容进行深入探讨。", []),
        ("工会要围绕中心、服务大局，形成工作新格局。", []),
        ("物业公司、快递公司的职工纷纷加入工会。", []),
        # one-letter pieces jieba split off a name at the clause start (中|天)
        ("11月6日，中天建设集团有限公司工会与金华市建筑业协会联合启动结对活动。",
         ["中天建设集团有限公司工会", "金华市建筑业协会"]),
        ("舟山市普陀区沈家门街道“娘家人”服务队走进渔港码头。", ["舟山市普陀区沈家门街道“娘家人”服务队"]),
        ("来自浙江大学医学院附属第一医院的专家为职工义诊。", ["浙江大学医学院附属第一医院"]),
    ],
)
def test_organisation_boundaries(text, names):
    assert [o.name for o in find_org_names(text)] == names


def test_organisation_offsets_are_the_text():
    text = "近日，安吉县总工会联合县人民医院开展活动。"
    assert [(text[o.start:o.end], o.start) for o in find_org_names(text)] == [
        ("安吉县总工会", 3), ("县人民医院", 11)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the counted thing after the measure word, with its modifiers, before the verb
        ("共有150余名一线职工参加，", [(150, "persons", "一线职工", "over")]),
        ("活动现场还为86名劳动者办理了工会会员卡。", [(86, "persons", "劳动者", "")]),
        ("与近百名青年职工签订结对协议。", [(100, "persons", "青年职工", "about")]),
        ("让22名工会帮扶志愿者受益匪浅。", [(22, "persons", "工会帮扶志愿者", "")]),
        # the thing before the number, with modifiers and coordinated nouns
        ("全市共有外来务工人员约12万人，其中新就业形态劳动者2.3万余名。",
         [(120000, "persons", "外来务工人员", "about"), (23000, "persons", "新就业形态劳动者", "over")]),
        ("走访慰问困难职工和劳模218户，", [(218, "households", "困难职工和劳模", "")]),
        ("新建“爱心驿站”6个，", [(6, "units", "爱心驿站", "")]),
        # a follow-up count without its noun counts the figure's thing before it (sixth round)
        ("发现隐患153处，已督促整改141处。", [(153, "places", "隐患", ""), (141, "places", "督促整改的隐患", "")]),
        ("培训一线技术工人1,200人次，", [(1200, "person-times", "一线技术工人", "")]),
        # money: what it is for (before, after 的, or the goods it is the worth of), else the unit
        ("发放助学金共计66万元。", [(660000, "yuan", "助学金", "")]),
        ("发放助学金四千三百万元。", [(43000000, "yuan", "助学金", "")]),
        ("女儿5万余元的治疗费让一家过上了拮据的生活。", [(50000, "yuan", "治疗费", "over")]),
        ("为600名快递员、外卖骑手送去慰问品，价值共计12万元。",
         [(600, "persons", "快递员", ""), (120000, "yuan", "慰问品", "")]),
        ("带动企业增效3000余万元，", [(30000000, "yuan", "增效", "over")]),
        ("共投入资金80万元用于建设，另有20万元。", [(800000, "yuan", "资金", ""), (200000, "yuan", "元", "")]),
        # qualifiers after the unit and before the number; vague numbers are not figures
        ("与会人员100人左右，参赛选手达300人以上。",
         [(100, "persons", "与会人员", "about"), (300, "persons", "参赛选手", "over")]),
        ("活动吸引了上千名职工参与，数十家企业参展。", [(1000, "persons", "职工", "over")]),
        ("其中女职工不足3000人。", [(3000, "persons", "女职工", "under")]),
    ],
)
def test_counted_things(text, expected):
    assert [(f.value, f.unit, f.thing, f.qualifier) for f in find_figures(text)] == expected


def test_photo_credit_with_spaces_is_a_byline():
    assert is_byline_only("通讯员 郑丽 摄")
    page = split_page("送清凉到工地\n\n7月22日，柯城区总工会为300余名建筑工人送去防暑用品。\n\n通讯员 郑丽 摄\n")
    (article,) = page.articles
    assert article.headline == "送清凉到工地"
    assert (article.byline.correspondents, article.byline.photographers) == (["郑丽"], ["郑丽"])
