"""Demo data from the seed page (issue 2, item 5), built on the real region tree.

The unions named in the page are placed on their regions; 德清县总工会's campaign
暖心聚力助增长 has six service teams covering every town and street of 德清县 and its
high-tech zone, and visits and items whose figures are the page's: 57 enterprises and 29
worker households visited, 26 person-times of difficulties, 11 needs (民生服务 and
精神文化), 34 resolved and 3 escalated. Every item is moved through
:mod:`gonghui.services.workflow`, so each has a real timeline; the timeline's times are
then set back to the days the story happened (relative to today), nothing else.

Every individual is fictional (workers, household heads, officers); the enterprises and
unions named in the page keep their names, the other 德清 enterprises are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from gonghui.accounts.models import Role, User
from gonghui.orgs.codes import build_uscc
from gonghui.orgs.models import Enterprise, Region, ResponsibleUnit, Union, Worker

from . import workflow as wf
from .models import Attachment, Campaign, Category, Item, ItemEvent, ServiceTeam, Visit
from .selectors import service_figures
from .workdays import add_working_days, is_workday

DEMO_PASSWORD = "gonghui2026"
COUNTY = "德清县总工会"
TOWN = "武康街道总工会"
HIGH_TECH = "德清县高新区总工会"
CAMPAIGN = "暖心聚力助增长"
CAMPAIGN_START = dt.date(2026, 1, 5)  # "今年年初开始" (the first Monday of 2026)

# The page's figures for 德清县总工会 (service_figures keys).
SEED_FIGURES = {
    "enterprises_visited": 57,
    "households_visited": 29,
    "difficulty_person_times": 26,
    "needs": 11,
    "resolved": 34,
    "escalated": 3,
}

L, K = Union.Level, Union.Kind
# name, parent, level, kind, region code (or "county/town name"), USCC prefix for a union code
UNIONS: list[tuple[str, str | None, str, str, str]] = [
    ("浙江省总工会", None, L.PROVINCE, K.FEDERATION, "330000"),
    ("浙江省教育工会", "浙江省总工会", L.PROVINCE, K.INDUSTRY, "330000"),
    ("杭州市总工会", "浙江省总工会", L.CITY, K.FEDERATION, "330100"),
    # 下城区 and 江干区 were abolished in 2021 (merged into 拱墅区 and 上城区): the unions
    # the 2019 page names sit on today's regions.
    ("下城区总工会", "杭州市总工会", L.COUNTY, K.FEDERATION, "330105"),
    ("江干区总工会", "杭州市总工会", L.COUNTY, K.FEDERATION, "330102"),
    ("淳安县总工会", "杭州市总工会", L.COUNTY, K.FEDERATION, "330127"),
    ("杭州大厦有限公司工会", "下城区总工会", L.GRASSROOTS, K.GRASSROOTS, "330105"),
    ("浙江杭天信律师事务所工会", "杭州市总工会", L.GRASSROOTS, K.GRASSROOTS, "330100"),
    ("宁波市总工会", "浙江省总工会", L.CITY, K.FEDERATION, "330200"),
    ("镇海区总工会", "宁波市总工会", L.COUNTY, K.FEDERATION, "330211"),
    ("奉化区总工会", "宁波市总工会", L.COUNTY, K.FEDERATION, "330213"),
    ("象山县总工会", "宁波市总工会", L.COUNTY, K.FEDERATION, "330225"),
    ("慈溪市总工会", "宁波市总工会", L.COUNTY, K.FEDERATION, "330282"),
    ("宁波康达电子有限公司工会", "象山县总工会", L.GRASSROOTS, K.GRASSROOTS, "330225"),
    ("象山县黄避岙乡斑澜海岸联合工会", "象山县总工会", L.GRASSROOTS, K.JOINT, "330225/黄避岙乡"),
    ("宁波方太厨具有限公司工会", "慈溪市总工会", L.GRASSROOTS, K.GRASSROOTS, "330282"),
    ("衢州市总工会", "浙江省总工会", L.CITY, K.FEDERATION, "330800"),
    ("龙游县总工会", "衢州市总工会", L.COUNTY, K.FEDERATION, "330825"),
    ("湖州市总工会", "浙江省总工会", L.CITY, K.FEDERATION, "330500"),
    ("长兴县总工会", "湖州市总工会", L.COUNTY, K.FEDERATION, "330522"),
    ("夹浦镇总工会", "长兴县总工会", L.TOWN, K.FEDERATION, "330522/夹浦镇"),
    ("安吉县总工会", "湖州市总工会", L.COUNTY, K.FEDERATION, "330523"),
    ("安吉天子岗水库管理处工会", "安吉县总工会", L.GRASSROOTS, K.GRASSROOTS, "330523"),
    (COUNTY, "湖州市总工会", L.COUNTY, K.FEDERATION, "330521"),
    (HIGH_TECH, COUNTY, L.TOWN, K.FEDERATION, "330521"),
    ("台州市总工会", "浙江省总工会", L.CITY, K.FEDERATION, "331000"),
    ("三门县总工会", "台州市总工会", L.COUNTY, K.FEDERATION, "331022"),
    ("湖北省总工会", None, L.PROVINCE, K.FEDERATION, "420000"),
    ("恩施州总工会", "湖北省总工会", L.CITY, K.FEDERATION, "422800"),
]
DEQING = "330521"

# Enterprises named in the page outside 德清: name, union, region, USCC prefix, industry.
NAMED_ENTERPRISES = [
    ("杭州大厦有限公司", "杭州大厦有限公司工会", "330105", "91", "零售"),
    ("杭州市职工国际旅行社", "杭州市总工会", "330100", "91", "旅游"),
    ("浙江杭天信律师事务所", "浙江杭天信律师事务所工会", "330100", "31", "法律服务"),
    ("宁波方太厨具有限公司", "宁波方太厨具有限公司工会", "330282", "91", "厨房电器"),
    ("宁波康达电子有限公司", "宁波康达电子有限公司工会", "330225", "91", "电子"),
    ("长兴新城环保有限公司", "夹浦镇总工会", "330522", "91", "环保"),
    ("台州奇艺环保设备科技有限公司", "三门县总工会", "331022", "91", "环保设备"),
    ("尔格科技有限公司", "三门县总工会", "331022", "91", "科技"),
]
YUANDA = "浙江远大钢构实业有限公司"

# The six teams and their zones (包片): every town and street of 德清县, and the high-tech zone.
TEAMS = [
    ("第一联系服务小组", ["德清县高新区", "阜溪街道"]),
    ("第二联系服务小组", ["武康街道", "舞阳街道"]),
    ("第三联系服务小组", ["下渚湖街道", "康乾街道", "乾元镇"]),
    ("第四联系服务小组", ["新市镇", "钟管镇"]),
    ("第五联系服务小组", ["洛舍镇", "雷甸镇", "禹越镇"]),
    ("第六联系服务小组", ["新安镇", "莫干山镇"]),
]
# Enterprises visited per zone (57 in all).
ENTERPRISES_PER_ZONE = {
    "德清县高新区": 8, "阜溪街道": 4, "武康街道": 6, "舞阳街道": 4, "下渚湖街道": 3,
    "康乾街道": 4, "乾元镇": 5, "新市镇": 5, "钟管镇": 4, "洛舍镇": 3, "雷甸镇": 4,
    "禹越镇": 3, "新安镇": 2, "莫干山镇": 2,
}  # fmt: skip
# Invented trade names (字号) and trades for the other 德清 enterprises.
BRANDS = (
    "恒泽 瑞禾 嘉澜 沐川 景曜 鸿筠 启岚 晟澄 禾穗 澄湖 墨岭 青棠 溪岚 竹苑 远帆 铭溪 拓川 丰澜 "
    "菁禾 翎峰 岚烁 澜舟 霁川 清樾 栎川 泓途 舒禾 睿岭 卓溪 朗澄 安澜 汇禾 曜川 栖梧 柏舟 "
    "黛溪 翠渚 若川 钧禾 杉屿 桐澜 槿苑 芷汀 蕴川 泽岚 鹭洲 苇川 筠溪 临渚 稷禾 霖川 "
    "沣泽 岫云 涵川 岚溪 棠禾"
).split()
TRADES = (
    ("机械", "机械制造"), ("新材料", "新材料"), ("纺织", "纺织"), ("电子", "电子"),
    ("木业", "木材加工"), ("建材", "建材"), ("生物科技", "生物医药"), ("食品", "食品"),
    ("装饰材料", "装饰材料"), ("汽车零部件", "汽车零部件"), ("包装", "包装"), ("家居", "家居"),
    ("环保科技", "环保"), ("精密制造", "机械制造"), ("光电", "电子"), ("竹木制品", "木材加工"),
)  # fmt: skip
# Fictional people. Household heads and model workers first, then officers.
PEOPLE = (
    "沈秀芳 陆建国 姚丽娟 钱志强 徐美玲 俞国平 潘海燕 朱卫东 吴桂英 杨振华 胡月琴 孙立新 "
    "金彩霞 施永明 顾小红 费建军 蒋春兰 钟伟民 严玉珍 范德林 戴丽华 邵国庆 闵秀琴 屠志刚 "
    "章雪芬 莫建伟 凌慧敏 褚国栋 卜红梅 倪永康 谈佩玲 庞志远 邬桂芳 汤建平 柴晓燕"
).split()
OFFICERS = [
    # username, display name, role, union, may log in
    ("dq_officer", "沈晓岚", Role.OFFICER, COUNTY, True),
    ("dq_reviewer", "陆海平", Role.REVIEWER, COUNTY, True),
    ("dq_leader", "姚振东", Role.LEADER, COUNTY, True),
    ("dq_admin", "钱雅琴", Role.ADMIN, COUNTY, True),
    ("wk_officer", "徐佳怡", Role.OFFICER, TOWN, True),
    ("wk_reviewer", "俞建峰", Role.REVIEWER, TOWN, True),
    ("wk_leader", "潘丽萍", Role.LEADER, TOWN, True),
    ("wk_admin", "朱文斌", Role.ADMIN, TOWN, True),
    # The root's admin: the only demo user who may change the platform-wide settings
    # (categories, time limits, holiday schedules; core.admin_site).
    ("zj_admin", "邵立群", Role.ADMIN, "浙江省总工会", True),
    ("dq_team1", "吴国良", Role.OFFICER, COUNTY, False),
    ("dq_team2", "杨慧芬", Role.OFFICER, COUNTY, False),
    ("dq_team3", "胡建新", Role.OFFICER, COUNTY, False),
    ("dq_team4", "孙月华", Role.OFFICER, COUNTY, False),
    ("dq_team5", "金志成", Role.OFFICER, COUNTY, False),
    ("dq_team6", "施丽君", Role.OFFICER, COUNTY, False),
]

# Category taxonomy: name, parent, order.
CATEGORIES = [
    ("困难帮扶", None, 10),
    ("因病致困", "困难帮扶", 11),
    ("子女就学", "困难帮扶", 12),
    ("住房困难", "困难帮扶", 13),
    ("意外致困", "困难帮扶", 14),
    ("民生服务", None, 20),
    ("精神文化", None, 30),
    ("技能培训", None, 40),
    ("劳动关系", None, 50),
    ("安全生产", None, 60),
    ("生产经营", None, 70),
]
# Responsible units kept by 德清县总工会 (name, kind, union name when a union).
RU = ResponsibleUnit.Kind
COUNTY_UNITS = [
    ("德清县总工会职工服务中心", RU.UNION, COUNTY),
    ("德清县总工会职工技能培训中心", RU.OTHER, None),
    ("德清县人力资源和社会保障局", RU.GOVERNMENT, None),
    ("德清县民政局", RU.GOVERNMENT, None),
    ("德清县医疗保障局", RU.GOVERNMENT, None),
    ("德清县教育局", RU.GOVERNMENT, None),
    ("德清县住房和城乡建设局", RU.GOVERNMENT, None),
    ("德清县文化和广电旅游体育局", RU.GOVERNMENT, None),
    ("武康街道总工会", RU.UNION, "武康街道总工会"),
    ("新市镇总工会", RU.UNION, "新市镇总工会"),
    ("乾元镇总工会", RU.UNION, "乾元镇总工会"),
]
# Responsible units kept by 武康街道总工会 itself, for the items it assigns.
TOWN_UNITS = [
    ("武康街道社区服务中心", RU.GOVERNMENT, None),
    ("武康街道劳动保障服务所", RU.GOVERNMENT, None),
]

# The difficulties (1 person each) and needs: subject, category, responsible unit.
DIFFICULTIES = [
    ("职工本人患病住院,医疗费用负担重", "因病致困", "德清县总工会职工服务中心"),
    ("配偶患慢性病长期服药,家庭支出大", "因病致困", "德清县总工会职工服务中心"),
    ("子女就读大学,学费筹措困难", "子女就学", "德清县总工会职工服务中心"),
    ("家中老人失能,需长期照护", "因病致困", "德清县民政局"),
    ("租住房屋老旧漏雨,需维修", "住房困难", "德清县住房和城乡建设局"),
    ("职工工伤后收入下降", "意外致困", "德清县人力资源和社会保障局"),
    ("单亲家庭,子女课后无人照看", "子女就学", "武康街道总工会"),
    ("家庭成员重病,自付费用高", "因病致困", "德清县医疗保障局"),
    ("子女就读高中,生活费困难", "子女就学", "德清县教育局"),
    ("家中遭遇火灾,生活用品受损", "意外致困", "德清县总工会职工服务中心"),
]
NEEDS = [
    ("职工子女暑期托管需求", "民生服务", "德清县教育局"),
    ("企业希望开通职工通勤班车", "民生服务", "德清县人力资源和社会保障局"),
    ("职工希望增设户外爱心驿站", "民生服务", "武康街道总工会"),
    ("职工体检和健康讲座需求", "民生服务", "德清县总工会职工服务中心"),
    ("外来务工人员子女入学咨询", "民生服务", "德清县教育局"),
    ("职工法律咨询进企业需求", "民生服务", "德清县总工会职工服务中心"),
    ("企业希望建设职工书屋", "精神文化", "德清县总工会职工服务中心"),
    ("职工文体活动场地需求", "精神文化", "新市镇总工会"),
    ("组建职工合唱队需要指导", "精神文化", "德清县文化和广电旅游体育局"),
    ("职工希望开展读书分享活动", "精神文化", "乾元镇总工会"),
    ("企业希望送文艺演出进厂", "精神文化", "德清县文化和广电旅游体育局"),
]
RESOLUTIONS = {
    "因病致困": "已发放工会困难帮扶金,并协助办理医疗救助申请。",
    "子女就学": "已纳入金秋助学范围,发放助学金。",
    "住房困难": "已协调相关部门上门查看并完成维修。",
    "意外致困": "已发放临时救助金,帮助恢复正常生活。",
    "民生服务": "已协调落实,职工反馈满意。",
    "精神文化": "已组织开展相关活动,企业和职工反馈良好。",
}
ESCALATIONS = ["湖州市总工会", "德清县人民政府", "湖州市总工会"]
SATISFACTION = ["满意", "满意", "基本满意", "满意"]


@dataclass
class DemoResult:
    """What :func:`load_demo` did: whether the activity was built now, the figures of
    德清县总工会, and the demo logins (username, role, union, password)."""

    built: bool
    figures: dict
    logins: list[tuple[str, str, str, str]]
    counts: dict = field(default_factory=dict)


class DemoError(RuntimeError):
    """The demo could not be built (e.g. the regions are missing); nothing was saved."""


# --------------------------------------------------------------------------- structure


def _upsert(model, key: tuple[str, ...], rows: list[dict]) -> dict[tuple, object]:
    """Create or update ``rows`` (dicts of field attnames, e.g. ``union_id``) of ``model``
    matched on the ``key`` fields, in bulk, with history rows; unchanged rows are not
    written. Returns the saved objects by key."""
    wanted = {tuple(r[k] for k in key): r for r in rows}
    filters = {f"{key[0]}__in": [k[0] for k in wanted]}
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(**filters)}
    new, changed, fields = [], [], set()
    for k, row in wanted.items():
        obj = existing.get(k)
        if obj is None:
            new.append(model(**row))
            continue
        diff = [f for f, v in row.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, row[f])
            changed.append(obj)
            fields.update(diff)
    if new:
        bulk_create_with_history(new, model, batch_size=500)
    if changed:
        names = [model._meta.get_field(f.removesuffix("_id")).name if f.endswith("_id") else f for f in fields]
        bulk_update_with_history(changed, model, names, batch_size=500)
    return {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(**filters)}


def _region(code_or_path: str, regions: dict[str, Region]) -> Region:
    if "/" in code_or_path:
        county, town = code_or_path.split("/")
        found = Region.objects.filter(parent__code=county, name=town).first()
    else:
        found = regions.get(code_or_path) or Region.objects.filter(code=code_or_path).first()
    if found is None:
        raise DemoError(f"Region {code_or_path} is missing: run `gonghui import-regions` first.")
    return found


def _org_body(tag: str, n: int) -> str:
    """Eight characters of an invented organisation code: ``MA2`` + tag + number."""
    return f"MA2{tag}{n:04d}"


def _ensure_union(name, parent, level, kind, region, uscc="") -> Union:
    union = Union.objects.filter(name=name).first()
    if union is None:
        fields = {"name": name, "level": level, "kind": kind, "region": region, "uscc": uscc}
        if parent is None:
            return Union.objects.add_root(create_kwargs=fields)
        return Union.objects.add_child(Union.objects.get(pk=parent.pk), create_kwargs=fields)
    changed = False
    for attr, value in (("level", level), ("kind", kind), ("region", region), ("uscc", uscc)):
        if getattr(union, attr) != value:
            setattr(union, attr, value)
            changed = True
    if changed:
        union.save()
    return union


def build_unions() -> dict[str, Union]:
    """The unions of the page and the 德清 town unions, created or updated by name."""
    regions = {r.code: r for r in Region.objects.filter(code__in={u[4] for u in UNIONS})}
    unions: dict[str, Union] = {}
    for i, (name, parent, level, kind, code) in enumerate(UNIONS, start=1):
        region = _region(code, regions)
        uscc = ""
        if kind in (K.GRASSROOTS, K.JOINT):
            uscc = build_uscc("81", region.code[:6], _org_body("G", i))
        unions[name] = _ensure_union(
            name, unions.get(parent) if parent else None, level, kind, region, uscc
        )
    towns = list(Region.objects.filter(parent__code=DEQING).order_by("code"))
    if not towns:
        raise DemoError("德清县's towns are missing: run `gonghui import-regions` first.")
    for town in towns:
        name = f"{town.name}总工会"
        unions[name] = _ensure_union(name, unions[COUNTY], L.TOWN, K.FEDERATION, town)
    return {name: Union.objects.get(pk=u.pk) for name, u in unions.items()}


def build_categories() -> dict[str, Category]:
    """The item taxonomy (admin-editable afterwards)."""
    cats: dict[str, Category] = {}
    for name, parent, order in CATEGORIES:
        cat, _ = Category.objects.update_or_create(
            name=name, defaults={"parent": cats.get(parent), "sort_order": order}
        )
        cats[name] = cat
    return cats


def build_users(unions: dict[str, Union]) -> dict[str, User]:
    """The demo users (password ``gonghui2026``) and the team officers (no login)."""
    hashed = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    for username, display, role, union, login in OFFICERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": display,
                "role": role,
                "union": unions[union],
                "is_active": True,
                "is_staff": role == Role.ADMIN,
                "password": hashed if login else make_password(None),
            },
        )
        users[username] = user
    return users


def build_units(unions: dict[str, Union]) -> dict[str, ResponsibleUnit]:
    """Responsible units kept by the county union and by 武康街道总工会."""
    units: dict[str, ResponsibleUnit] = {}
    for owner, specs in ((COUNTY, COUNTY_UNITS), (TOWN, TOWN_UNITS)):
        for name, kind, union in specs:
            unit, _ = ResponsibleUnit.objects.update_or_create(
                owner=unions[owner],
                name=name,
                defaults={"kind": kind, "union": unions[union] if union else None},
            )
            units[name] = unit
    return units


@dataclass
class Zone:
    """One zone entry of a team: its town union, its region and its enterprises."""

    name: str
    union: Union
    region: Region
    enterprises: list[Enterprise] = field(default_factory=list)


def build_enterprises(unions: dict[str, Union]) -> tuple[dict[str, Zone], list[Union]]:
    """The 57 德清 enterprises in their zones (5 of them with a grassroots union), and the
    page's enterprises elsewhere. Matched by their (computed, stable) codes."""
    county_region = unions[COUNTY].region
    zones: dict[str, Zone] = {}
    for town in Region.objects.filter(parent__code=DEQING):
        zones[town.name] = Zone(town.name, unions[f"{town.name}总工会"], town)
    zones["德清县高新区"] = Zone("德清县高新区", unions[HIGH_TECH], county_region)
    grassroots: list[Union] = []
    rows: list[dict] = []
    placed: list[tuple[Zone, str]] = []
    n = 0
    for zone_name, count in ENTERPRISES_PER_ZONE.items():
        zone = zones[zone_name]
        for k in range(count):
            n += 1
            if n == 1:
                name, industry = YUANDA, "钢结构"
            else:
                trade, industry = TRADES[n % len(TRADES)]
                name = f"德清{BRANDS[n - 2]}{trade}有限公司"
            union = zone.union
            if k == 0 and zone_name in ("德清县高新区", "武康街道", "新市镇", "乾元镇", "钟管镇"):
                union = _ensure_union(
                    f"{name}工会",
                    zone.union,
                    L.GRASSROOTS,
                    K.GRASSROOTS,
                    zone.region,
                    build_uscc("81", DEQING, _org_body("D", n)),
                )
                grassroots.append(union)
            uscc = build_uscc("91", DEQING, _org_body("E", n))
            rows.append({
                "uscc": uscc, "name": name, "union_id": union.pk, "region_id": zone.region.pk,
                "industry": industry, "employees": 40 + (n * 37) % 460,
                "address": f"浙江省湖州市德清县{zone.name}",
            })  # fmt: skip
            placed.append((zone, uscc))
    regions = {r.code: r for r in Region.objects.filter(code__in={e[2] for e in NAMED_ENTERPRISES})}
    for i, (name, union, code, prefix, industry) in enumerate(NAMED_ENTERPRISES, start=1):
        rows.append({
            "uscc": build_uscc(prefix, code, _org_body("N", i)), "name": name,
            "union_id": unions[union].pk, "region_id": regions[code].pk, "industry": industry,
        })  # fmt: skip
    saved = _upsert(Enterprise, ("uscc",), rows)
    for zone, uscc in placed:
        zone.enterprises.append(saved[(uscc,)])
    return zones, grassroots


def build_workers(zones: dict[str, Zone]) -> tuple[list[Worker], list[Worker]]:
    """29 worker households in hardship and 6 model workers and craftsmen, all fictional;
    no identity numbers or phones are invented for them."""
    zone_list = list(zones.values())
    households, models = [], []
    titles = [
        Worker.Title.PROVINCIAL_MODEL, Worker.Title.CITY_MODEL, Worker.Title.CRAFTSMAN,
        Worker.Title.COUNTY_MODEL, Worker.Title.CHIEF_WORKER, Worker.Title.CRAFTSMAN,
    ]  # fmt: skip
    rows = []
    for i, name in enumerate(PEOPLE):
        zone = zone_list[i % len(zone_list)]
        enterprise = zone.enterprises[i % len(zone.enterprises)] if zone.enterprises else None
        is_model = i >= 29
        rows.append({
            "name": name, "union_id": zone.union.pk,
            "enterprise_id": enterprise.pk if enterprise else None,
            "in_hardship": not is_model, "title": titles[i - 29] if is_model else "",
            "address": f"德清县{zone.name}",
        })  # fmt: skip
    saved = _upsert(Worker, ("name", "union_id"), rows)
    for i, row in enumerate(rows):
        (models if i >= 29 else households).append(saved[(row["name"], row["union_id"])])
    return households, models


def build_campaign(
    unions: dict[str, Union], users: dict[str, User], zones: dict[str, Zone], start: dt.date
) -> tuple[Campaign, list[ServiceTeam]]:
    """The campaign 暖心聚力助增长 and its six teams, each with a leader and a zone."""
    campaign, _ = Campaign.objects.update_or_create(
        name=CAMPAIGN,
        union=unions[COUNTY],
        defaults={
            "start_date": start,
            "description": "以“暖心聚力助增长”为主题的工会“三服务”活动:六个联系服务小组包片联系"
            "高新区和各镇(街道)总工会,对接服务基层工会、企业、劳模(工匠)和困难职工,"
            "制作服务清单,实行销号制管理。",
        },
    )
    teams = []
    for i, (name, zone_names) in enumerate(TEAMS, start=1):
        team, _ = ServiceTeam.objects.update_or_create(
            name=name,
            campaign=campaign,
            defaults={"union": unions[COUNTY], "leader": users[f"dq_team{i}"]},
        )
        members = [users[f"dq_team{i}"]]
        members.append(users["dq_officer"] if i % 2 else users["dq_reviewer"])
        team.members.set(members)
        team.zone_unions.set([zones[z].union for z in zone_names])
        team.zone_regions.set([zones[z].region for z in zone_names])
        teams.append(team)
    return campaign, teams


# --------------------------------------------------------------------------- activity


def _workday_on_or_before(day: dt.date) -> dt.date:
    for _ in range(30):
        if is_workday(day)[0]:
            return day
        day -= dt.timedelta(days=1)
    return day


def _spread(start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """``n`` working days spread evenly from ``start`` to ``end`` (both included)."""
    days, day = [], start
    while day <= end:
        if is_workday(day)[0]:
            days.append(day)
        day += dt.timedelta(days=1)
    if not days:
        days = [end]
    return [days[(i * (len(days) - 1)) // max(n - 1, 1)] for i in range(n)]


def _interleave(base: list, extras: list) -> list:
    """``base`` with ``extras`` spread evenly among its elements, order kept in both."""
    keyed = [((i + 1) / (len(base) + 1), 0, x) for i, x in enumerate(base)]
    keyed += [((k + 1) / (len(extras) + 1), 1, x) for k, x in enumerate(extras)]
    return [x for *_, x in sorted(keyed, key=lambda t: t[:2])]


def _at(day: dt.date, minutes: int) -> dt.datetime:
    """A time on ``day``, ``minutes`` after 08:30 local time."""
    naive = dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(minutes=minutes)
    return timezone.make_aware(naive)


class Story:
    """Runs the workflow on one item and remembers when each step happened, so the
    timeline can be set back to those times afterwards (see :meth:`backdate`)."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.times: dict[int, list[dt.datetime]] = {}
        self.stamps: dict[int, dict[str, dt.datetime]] = {}

    def when(self, day: dt.date, minutes: int) -> dt.datetime:
        return min(_at(day, minutes), self.now - dt.timedelta(minutes=5))

    def step(self, item: Item, when: dt.datetime, stamp: str | None = None) -> Item:
        times = self.times.setdefault(item.pk, [])
        if times and when <= times[-1]:
            when = times[-1] + dt.timedelta(minutes=1)
        times.append(when)
        if stamp:
            self.stamps.setdefault(item.pk, {})[stamp] = when
        return item

    def backdate(self) -> None:
        """Set each item's timeline times, and its registered/assigned/resolved/closed-at
        stamps, to the planned times (one bulk update each)."""
        events = list(ItemEvent.objects.filter(item_id__in=self.times).order_by("item_id", "id"))
        by_item: dict[int, list[ItemEvent]] = {}
        for ev in events:
            by_item.setdefault(ev.item_id, []).append(ev)
        for pk, evs in by_item.items():
            for ev, when in zip(evs, self.times[pk], strict=True):
                ev.at = when
        ItemEvent.objects.bulk_update(events, ["at"], batch_size=500)
        items = list(Item.objects.filter(pk__in=self.times))
        for item in items:
            stamps = self.stamps.get(item.pk, {})
            item.created_at = self.times[item.pk][0]
            item.updated_at = self.times[item.pk][-1]
            for attr in ("assigned_at", "resolved_at", "closed_at"):
                if getattr(item, attr) is not None and attr in stamps:
                    setattr(item, attr, stamps[attr])
        Item.objects.bulk_update(
            items,
            ["created_at", "updated_at", "assigned_at", "resolved_at", "closed_at"],
            batch_size=500,
        )


def _visit(union, date, target_type, *, team=None, campaign=None, visitors=(), notes="", **target):
    visit = Visit.objects.create(
        union=union,
        campaign=campaign,
        team=team,
        date=date,
        target_type=target_type,
        notes=notes,
        created_by=visitors[0] if visitors else None,
        **target,
    )
    if visitors:
        visit.visitors.set(visitors)
    return visit


def build_activity(
    *,
    unions: dict[str, Union],
    users: dict[str, User],
    units: dict[str, ResponsibleUnit],
    cats: dict[str, Category],
    zones: dict[str, Zone],
    grassroots: list[Union],
    households: list[Worker],
    models: list[Worker],
    campaign: Campaign,
    teams: list[ServiceTeam],
    today: dt.date,
) -> None:
    """Visits and items of the campaign, and open work in the towns (see module doc)."""
    T = Visit.TargetType
    now = timezone.now()
    story = Story(now)
    rng = random.Random(2026)
    yesterday = _workday_on_or_before(today - dt.timedelta(days=1))
    county = unions[COUNTY]
    dq_reviewer, dq_officer = users["dq_reviewer"], users["dq_officer"]

    # Each team's plan: first visits to every enterprise of its zone, with its households,
    # model workers and grassroots unions spread evenly among them, then a follow-up visit.
    zone_team = {z: i for i, (_, names) in enumerate(TEAMS) for z in names}
    team_of_union = {zz.union.pk: zone_team[z] for z, zz in zones.items()}
    bases: list[list[tuple[str, object]]] = [[] for _ in TEAMS]
    extras: list[list[tuple[str, object]]] = [[] for _ in TEAMS]
    for zone_name, zone in zones.items():
        bases[zone_team[zone_name]] += [(T.ENTERPRISE, e) for e in zone.enterprises]
    for worker in households:
        extras[team_of_union[worker.union_id]].append((T.HOUSEHOLD, worker))
    for i, worker in enumerate(models):
        team_extras = extras[team_of_union[worker.union_id]]
        team_extras.insert(min(len(team_extras), 1 + 2 * i), (T.MODEL_WORKER, worker))
    for union in grassroots:
        extras[team_of_union[Union.objects.get_parent(union).pk]].insert(1, (T.UNION, union))
    plans = [_interleave(b, x) for b, x in zip(bases, extras, strict=True)]
    for plan in plans:
        ents = [t for kind, t in plan if kind == T.ENTERPRISE]
        yuanda = [e for e in ents if e.name == YUANDA]
        plan.append(("revisit", (yuanda or ents)[0]))
    # Every team works through its plan over the whole period.
    keyed = [((k + 0.5) / len(p), i, kind, t) for i, p in enumerate(plans) for k, (kind, t) in enumerate(p)]
    order = [(i, kind, t) for _, i, kind, t in sorted(keyed, key=lambda x: x[:2])]
    start = min(CAMPAIGN_START, today - dt.timedelta(days=90))
    end = _workday_on_or_before(today - dt.timedelta(days=3))
    dates = _spread(start, end, len(order))
    notes = {
        T.ENTERPRISE: "走访企业,了解生产经营、职工队伍和工会工作情况,排摸困难和需求。",
        T.HOUSEHOLD: "上门走访困难职工家庭,了解家庭收入、就医和子女就学情况。",
        T.MODEL_WORKER: "走访劳模(工匠),听取对企业技能提升和职工服务的意见建议。",
        T.UNION: "走访基层工会,了解工会组织建设和职工服务阵地情况。",
        "revisit": "回访企业,跟进服务清单事项办理情况。",
    }
    members = {t.pk: list(t.members.order_by("username")) for t in teams}
    objs, kinds = [], []
    for (team_i, kind, target), date in zip(order, dates, strict=True):
        team = teams[team_i]
        target_kw = {
            T.ENTERPRISE: {"enterprise": target},
            "revisit": {"enterprise": target},
            T.HOUSEHOLD: {"worker": target},
            T.MODEL_WORKER: {"worker": target},
            T.UNION: {"target_union": target},
        }[kind]
        objs.append(
            Visit(
                union=county,
                campaign=campaign,
                team=team,
                date=date,
                target_type=T.ENTERPRISE if kind == "revisit" else kind,
                notes=notes[kind],
                created_by=members[team.pk][0],
                **target_kw,
            )
        )
        kinds.append(kind)
    objs = bulk_create_with_history(objs, Visit, batch_size=500)
    through = Visit.visitors.through
    through.objects.bulk_create(
        [through(visit_id=v.pk, user_id=u.pk) for v in objs for u in members[v.team_id]]
    )
    visits: list[tuple[Visit, str]] = list(zip(objs, kinds, strict=True))

    # The 37 counted items: 26 difficulties (22 from households, 4 from enterprises) and
    # 11 needs, on first visits; paths chosen so that 34 are resolved and 3 escalated.
    hh_visits = [v for v, k in visits if k == T.HOUSEHOLD][:22]
    ent_visits = [v for v, k in visits if k == T.ENTERPRISE]
    specs: list[tuple[Visit, str, tuple[str, str, str]]] = []
    for i, v in enumerate(hh_visits):
        specs.append((v, Item.Kind.DIFFICULTY, DIFFICULTIES[i % len(DIFFICULTIES)]))
    for i, v in enumerate(ent_visits[5:49:11]):
        specs.append((v, Item.Kind.DIFFICULTY, DIFFICULTIES[(i * 3 + 1) % len(DIFFICULTIES)]))
    for i, v in enumerate(ent_visits[2::5][:11]):
        specs.append((v, Item.Kind.NEED, NEEDS[i]))
    specs.sort(key=lambda s: (s[0].date, s[0].pk))
    n = len(specs)
    # The most recent six wait for verification (5 resolved, 1 escalated); two older
    # escalated ones are closed out; a few went to consultation or were reopened once.
    paths = ["closed"] * n
    for j in range(n - 6, n - 1):
        paths[j] = "resolved"
    paths[n - 1] = "escalated"
    paths[7] = paths[19] = "escalated_closed"
    paths[4] = paths[15] = "consult"
    paths[10] = paths[24] = "reopen"
    escalations = iter(ESCALATIONS)
    town_of = {zz.union.pk: z for z, zz in zones.items()}
    town_of.update({g.pk: town_of[Union.objects.get_parent(g).pk] for g in grassroots})
    for j, ((visit, kind, (subject, cat, unit)), path) in enumerate(zip(specs, paths, strict=True)):
        # A town union with a unit kept by the county handles its own town's items; a
        # town union is never given another town's item.
        town = town_of[(visit.enterprise or visit.worker).union_id]
        if f"{town}总工会" in units:
            unit = f"{town}总工会"
        elif units[unit].kind == RU.UNION and units[unit].union_id != county.pk:
            unit = "德清县总工会职工服务中心"
        registrar = visit.team.leader
        day = visit.date
        item = wf.item_register(
            actor=registrar,
            union=county,
            kind=kind,
            category=cats[cat],
            subject=subject,
            description=f"{visit.target_name}:{subject}。",
            visit=visit,
        )
        story.step(item, story.when(day, 480 + j))
        d1 = add_working_days(day, 1).date
        item = wf.item_accept(item=item, actor=dq_reviewer, version=item.version)
        story.step(item, story.when(d1, 60))
        assign_day = d1
        if path == "consult":
            item = wf.item_consult(
                item=item, actor=dq_reviewer, version=item.version, note="提交县总工会研讨会商。"
            )
            story.step(item, story.when(d1, 90))
            assign_day = add_working_days(d1, 2).date
            item = wf.item_conclude(
                item=item,
                actor=dq_reviewer,
                version=item.version,
                note="会商决定:由责任单位牵头办理,县总工会跟踪。",
            )
            story.step(item, story.when(assign_day, 60))
        limit = rng.choice([5, 10, 15])
        item = wf.item_assign(
            item=item,
            actor=dq_reviewer,
            version=item.version,
            unit=units[unit],
            working_days=limit,
            today=assign_day,
            note="请按时限办结并反馈。",
        )
        story.step(item, story.when(assign_day, 120), "assigned_at")
        worker = users["wk_officer"] if unit == TOWN else dq_officer
        start_day = add_working_days(assign_day, 1).date
        item = wf.item_start(item=item, actor=worker, version=item.version)
        story.step(item, story.when(start_day, 60))
        done_day = add_working_days(start_day, rng.randint(1, max(1, limit - 2))).date
        if path.startswith("escalated"):
            item = wf.item_escalate(
                item=item,
                actor=dq_officer,
                version=item.version,
                target=next(escalations),
                note="超出县级工会帮扶能力,提交上级研究解决。",
            )
            story.step(item, story.when(done_day, 240), "resolved_at")
        else:
            text = RESOLUTIONS[cat]
            item = wf.item_resolve(item=item, actor=worker, version=item.version, resolution=text)
            story.step(item, story.when(done_day, 240), "resolved_at")
            if path == "reopen":
                check_day = add_working_days(done_day, 1).date
                item = wf.item_reopen(
                    item=item,
                    actor=dq_reviewer,
                    version=item.version,
                    reason="回访核实:尚未全部落实,请继续办理。",
                )
                story.step(item, story.when(check_day, 120))
                done_day = add_working_days(check_day, 2).date
                item = wf.item_resolve(
                    item=item, actor=worker, version=item.version, resolution=text
                )
                story.step(item, story.when(done_day, 240), "resolved_at")
        if path in ("closed", "consult", "reopen", "escalated_closed"):
            # Close-out needs evidence: the handler's receipt (办理回执) for a resolved
            # item, a written statement of the transmittal for an escalated one.
            statement = ""
            if path == "escalated_closed":
                statement = (f"已向{item.escalation_target}报送提交反映函,对方已签收;"
                             "函件存县总工会办公室。")
            else:
                receipt = (f"办理回执\n事项:#{item.pk} {subject}\n对象:{visit.target_name}\n"
                           f"责任单位:{unit}\n办理结果:{text}\n")
                wf.attachment_add(item=item, actor=worker,
                                  file=ContentFile(receipt.encode(), name=f"办理回执-{item.pk}.txt"))
                story.step(item, story.when(done_day, 270))
            close_day = add_working_days(done_day, 2).date
            item = wf.item_close(
                item=item,
                actor=dq_reviewer,
                version=item.version,
                satisfaction=SATISFACTION[j % len(SATISFACTION)],
                note="回访核实,予以销号。",
                evidence_statement=statement,
            )
            story.step(item, story.when(close_day, 300), "closed_at")

    # Open work in the towns: problems (kind `problem`) in every open state, some overdue,
    # some due within 3 working days, one rejected and one merged. They are revisits of
    # enterprises already counted, so the six figures above do not change.
    _open_work(story, unions, users, units, cats, zones, visits, campaign, today, yesterday)
    story.backdate()
    recorded = list(Visit.objects.filter(union__path__startswith=county.path).only("id", "date"))
    for visit in recorded:
        visit.created_at = min(_at(visit.date, 600), now)  # recorded on the evening of the visit
    Visit.objects.bulk_update(recorded, ["created_at"], batch_size=500)


def _open_work(story, unions, users, units, cats, zones, visits, campaign, today, yesterday):
    T = Visit.TargetType
    wk_o, wk_r, wk_l = users["wk_officer"], users["wk_reviewer"], users["wk_leader"]
    dq_o, dq_r, dq_l = users["dq_officer"], users["dq_reviewer"], users["dq_leader"]
    soon = add_working_days(today, 2).date

    def back(days: int) -> dt.date:
        return _workday_on_or_before(today - dt.timedelta(days=days))

    # (town, days ago, registrar, subject, category, target state, extra)
    plan = [
        ("武康街道", 2, wk_o, "企业周边道路施工,职工上下班通行不便", "生产经营", "registered", {}),
        ("新市镇", 4, dq_o, "部分职工反映加班费计算方式不清楚", "劳动关系", "registered", {}),
        ("武康街道", 9, wk_o, "车间夏季高温,防暑降温设施不足", "安全生产", "accepted", {}),
        ("乾元镇", 12, dq_o, "企业新招员工缺少岗前安全培训", "技能培训", "accepted", {}),
        ("雷甸镇", 16, dq_o, "企业与职工就调岗安排存在分歧", "劳动关系", "consulting", {}),
        ("武康街道", 34, wk_o, "企业食堂就餐拥挤,职工希望错峰", "生产经营", "assigned", {"overdue": 1}),
        ("钟管镇", 13, dq_o, "电焊作业区通风设施需改进", "安全生产", "assigned", {"soon": 1}),
        ("阜溪街道", 6, dq_o, "数控设备操作人员技能不足", "技能培训", "assigned", {}),
        ("新市镇", 40, dq_o, "企业拖欠部分职工绩效奖金", "劳动关系", "in_progress", {"overdue": 1}),
        ("武康街道", 15, wk_o, "叉车作业人员持证上岗不全", "安全生产", "in_progress", {"soon": 1}),
        ("洛舍镇", 8, dq_o, "企业希望工会出面协调原材料采购价格", "生产经营", "rejected", {}),
        ("武康街道", 7, wk_o, "车间高温,职工希望增加防暑物资", "安全生产", "merged", {}),
    ]
    merge_target: Item | None = None
    for j, (town, ago, registrar, subject, cat, state, extra) in enumerate(plan):
        zone = zones[town]
        union = zone.union
        local = union.name == TOWN
        reviewer, officer, leader = (wk_r, wk_o, wk_l) if local else (dq_r, dq_o, dq_l)
        day = back(ago)
        visit = _visit(
            union,
            day,
            T.ENTERPRISE,
            visitors=[registrar],
            notes="镇(街道)总工会回访企业,收集职工反映的问题。",
            enterprise=zone.enterprises[j % len(zone.enterprises)],
        )
        item = wf.item_register(
            actor=registrar,
            union=union,
            kind=Item.Kind.PROBLEM,
            category=cats[cat],
            subject=subject,
            description=f"{visit.target_name}:{subject}。",
            visit=visit,
        )
        story.step(item, story.when(day, 420 + j))
        if state == "registered":
            continue
        d1 = add_working_days(day, 1).date
        if state == "rejected":
            item = wf.item_reject(
                item=item,
                actor=reviewer,
                version=item.version,
                reason="属企业自主经营事项,不在工会服务清单范围内,已向企业说明。",
            )
            story.step(item, story.when(d1, 60))
            continue
        if state == "merged":
            item = wf.item_merge(
                item=item,
                actor=reviewer,
                version=item.version,
                into=merge_target,
                note="与同一企业已受理的防暑降温问题重复,合并办理。",
            )
            story.step(item, story.when(d1, 60))
            continue
        item = wf.item_accept(item=item, actor=reviewer, version=item.version)
        story.step(item, story.when(d1, 60))
        if subject.startswith("车间夏季高温"):
            merge_target = item
        if state == "accepted":
            continue
        item = wf.item_consult(
            item=item, actor=reviewer, version=item.version, note="需与企业、人力社保部门会商。"
        )
        story.step(item, story.when(d1, 90))
        if state == "consulting":
            continue
        assign_day = add_working_days(d1, 1).date
        item = wf.item_conclude(
            item=item, actor=reviewer, version=item.version, note="会商决定交办责任单位办理。"
        )
        story.step(item, story.when(assign_day, 30))
        unit = units["武康街道劳动保障服务所"] if local else units["德清县人力资源和社会保障局"]
        if cat == "安全生产" and not local:
            unit = units[f"{town}总工会"] if f"{town}总工会" in units else unit
        if extra.get("soon"):
            kw = {"deadline": soon}
        elif extra.get("overdue"):
            kw = {"working_days": 5}
        else:
            kw = {"working_days": 20}
        item = wf.item_assign(
            item=item, actor=reviewer, version=item.version, unit=unit, today=assign_day, **kw
        )
        story.step(item, story.when(assign_day, 120), "assigned_at")
        if state == "in_progress":
            start_day = add_working_days(assign_day, 1).date
            item = wf.item_start(item=item, actor=officer, version=item.version)
            story.step(item, story.when(start_day, 60))
        if extra.get("overdue"):
            wf.item_supervise(
                item=item, actor=leader, note="已超过完成时限,请责任单位本周内反馈办理进展。"
            )
            story.step(item, story.when(yesterday, 540))

    # The county's own open problem: the training the page tells of at 浙江远大钢构.
    county = unions[COUNTY]
    revisit = next(v for v, k in visits if k == "revisit" and v.enterprise.name == YUANDA)
    item = wf.item_register(
        actor=revisit.team.leader,
        union=county,
        kind=Item.Kind.PROBLEM,
        category=cats["技能培训"],
        subject="钣金、切割、电焊工艺要求高,职工缺少系统培训",
        description="企业职工专业知识欠缺、实操能力薄弱,希望工会在后期免费开展系统性培训,"
        "并提供技术帮扶。",
        visit=revisit,
    )
    story.step(item, story.when(revisit.date, 500))
    d1 = add_working_days(revisit.date, 1).date
    item = wf.item_accept(item=item, actor=dq_r, version=item.version)
    story.step(item, story.when(d1, 60))
    item = wf.item_assign(
        item=item,
        actor=dq_r,
        version=item.version,
        unit=units["德清县总工会职工技能培训中心"],
        working_days=30,
        today=d1,
        note="邀请职工技能培训中心专家上门对接培训需求。",
    )
    story.step(item, story.when(d1, 120), "assigned_at")
    item = wf.item_start(item=item, actor=dq_o, version=item.version, note="专家已上门对接。")
    story.step(item, story.when(add_working_days(d1, 1).date, 60))


def reset_activity(county: Union) -> int:
    """Delete the demo's visits and items (and their timelines) in ``county``'s subtree;
    return the number of items deleted."""
    items = Item.objects.filter(union__path__startswith=county.path)
    items.update(merged_into=None)
    n = items.count()
    # The evidence files go with their rows, once the deletion is committed.
    files = [a.file.name for a in Attachment.objects.filter(item__in=items)]
    transaction.on_commit(lambda: [Attachment.file.field.storage.delete(f) for f in files])
    ItemEvent.objects.filter(item__in=items).delete()
    Item.objects.filter(union__path__startswith=county.path).delete()
    Visit.objects.filter(union__path__startswith=county.path).delete()
    return n


def build_other_visits(unions: dict[str, Union], today: dt.date) -> None:
    """The page's other stories as records: 三门's craftsman team visiting 台州奇艺."""
    team, _ = ServiceTeam.objects.update_or_create(
        name="三门县总工会劳模工匠服务队",
        union=unions["三门县总工会"],
        defaults={"kind": ServiceTeam.Kind.CRAFTSMAN},
    )
    qiyi = Enterprise.objects.get(name="台州奇艺环保设备科技有限公司")
    if not Visit.objects.filter(team=team, enterprise=qiyi).exists():
        _visit(
            unions["三门县总工会"],
            _workday_on_or_before(today - dt.timedelta(days=20)),
            Visit.TargetType.ENTERPRISE,
            team=team,
            notes="劳模工匠服务队上门开展焊接技术现场指导和用电安全知识培训。",
            enterprise=qiyi,
        )


def load_demo(*, today: dt.date | None = None, reset: bool = False) -> DemoResult:
    """Build the demo (regions must be loaded), in one transaction.

    Structural rows (unions, categories, units, users, enterprises, workers, campaign,
    teams) are created or updated by their natural keys on every run; the visits and
    items are built only when the campaign has none yet, or again after ``reset``
    deleted them. Returns a :class:`DemoResult`; raises :class:`DemoError` (nothing
    saved) when the regions are missing or the figures come out other than the page's.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        unions = build_unions()
        cats = build_categories()
        users = build_users(unions)
        units = build_units(unions)
        zones, grassroots = build_enterprises(unions)
        households, models = build_workers(zones)
        start = min(CAMPAIGN_START, today - dt.timedelta(days=90))
        campaign, teams = build_campaign(unions, users, zones, start)
        county = unions[COUNTY]
        if reset:
            reset_activity(county)
        built = not Visit.objects.filter(union__path__startswith=county.path).exists()
        if built:
            build_activity(
                unions=unions, users=users, units=units, cats=cats, zones=zones,
                grassroots=grassroots, households=households, models=models,
                campaign=campaign, teams=teams, today=today,
            )  # fmt: skip
        build_other_visits(unions, today)
        figures = dict(service_figures(county, today=today))
        if built:
            wrong = {k: (figures[k], v) for k, v in SEED_FIGURES.items() if figures[k] != v}
            if wrong:
                raise DemoError(f"The demo's figures differ from the page's: {wrong}")
    logins = [
        (u, role.label, union, DEMO_PASSWORD)
        for u, _, role, union, login in OFFICERS
        if login
    ]
    counts = {
        "unions": Union.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "visits": Visit.objects.filter(union__path__startswith=county.path).count(),
        "items": Item.objects.filter(union__path__startswith=county.path).count(),
    }
    return DemoResult(built=built, figures=figures, logins=logins, counts=counts)


__all__ = ["DEMO_PASSWORD", "SEED_FIGURES", "DemoError", "DemoResult", "load_demo"]
