"""Demo data of the assistance context, built after the main demo built the unions.

Every person is fictional. The seed page's nurse household (a Tujia nurse whose daughter
has congenital hydrocephalus: over 50,000 CNY of treatment in Wuhan and Chongqing, about
4,000 CNY a month of rehabilitation; her husband works away) appears under an invented
name, with the Hangzhou volunteer delegation's quilts, rice and oil recorded as aid; a
second household in hardship through illness received the same. Further files spread over
the towns of 德清县 and 恩施 give the lists and totals something to show.

Subsistence lines here are round demo values, not official figures.

Idempotent: a household whose identity number is already filed, and an aid whose demo key
is already recorded, are left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gonghui.orgs.models import Region, Union
from gonghui.orgs.validators import id_check_digit

from . import services
from .crypto import blind_index
from .models import Aid, HardshipFile

D = Decimal
DELEGATION = "杭州市工会帮扶志愿者代表团"


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _id(region: str, birth: dt.date, serial: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_digit(first17)


def _region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        region = Region.objects.create(code=code, name=name, level=level, parent=parent)
    return region


def _union(name: str, parent: Union | None, level: str, region: Region | None) -> Union:
    found = Union.objects.filter(name=name).first()
    if found is not None:
        if found.region_id is None and region is not None:
            Union.objects.filter(pk=found.pk).update(region=region)
            found.refresh_from_db()
        return found
    fields = {"name": name, "level": level, "kind": Union.Kind.FEDERATION, "region": region}
    if parent is None:
        return Union.objects.add_root(create_kwargs=fields)
    return Union.objects.add_child(Union.objects.get(pk=parent.pk), create_kwargs=fields)


def _file(stdout, spec: dict) -> tuple[HardshipFile, bool]:
    existing = HardshipFile.objects.filter(head_id_hash=blind_index(spec["head_id_number"])).first()
    if existing is not None:
        return existing, False
    members = spec.pop("members", [])
    status = spec.pop("status", "in_file")
    filed_on = spec.pop("filed_on")
    sudden = spec.pop("sudden", "")
    f = services.file_register(actor=None, **spec)
    for m in members:
        services.member_add(file=f, actor=None, **m)
    f.refresh_from_db()
    if sudden:
        f = services.file_mark_sudden(file=f, actor=None, version=f.version, reason=sudden)
    if status != "applied":
        f = services.file_admit(file=f, actor=None, version=f.version, on=filed_on)
    if status in ("lifted", "exited", "safety_net", "relapsed"):
        close = {"lifted": services.file_lift, "relapsed": services.file_exit,
                 "exited": services.file_exit, "safety_net": services.file_to_safety_net}[status]
        f = close(file=f, actor=None, version=f.version, on=filed_on + dt.timedelta(days=400))
    if status == "relapsed":
        f = services.file_relapse(file=f, actor=None, version=f.version,
                                  on=filed_on + dt.timedelta(days=600), note="家人再次患病")
    if status == "cancelled":
        f = services.file_cancel(file=f, actor=None, version=f.version, reason="moved",
                                 on=filed_on + dt.timedelta(days=300))
    return f, True


def _aid(key: str, f: HardshipFile, **kw) -> bool:
    import_key = blind_index("demo-aid:" + key)
    if Aid.objects.filter(import_key=import_key).exists() or not f.is_open:
        return False
    services.aid_record(actor=None, file=f, import_key=import_key, **kw)
    return True


def build_assistance_demo(stdout=None) -> dict:
    """Build (or complete) the assistance demo; returns counts of what it created.

    Needs 德清县总工会 (with its town unions) from the main demo; creates 湖北省总工会 /
    恩施州总工会 and three 恩施市 unions when missing."""
    created = {"files": 0, "aids": 0}
    deqing = Union.objects.filter(name="德清县总工会").first()
    if deqing is None:
        _say(stdout, "assistance demo: 德清县总工会 not found; run the main demo first")
        return created

    # Regions and demo subsistence lines (CNY per person per month).
    zj_deqing = deqing.region or _region("330521", "德清县", Region.Level.COUNTY)
    hubei = _region("420000", "湖北省", Region.Level.PROVINCE)
    enshi_pref = _region("422800", "恩施土家族苗族自治州", Region.Level.CITY, hubei)
    enshi_city = _region("422801", "恩施市", Region.Level.COUNTY, enshi_pref)
    for year in range(2017, 2027):
        services.subsistence_line_set(actor=None, region=zj_deqing, year=year,
                                      amount=D(900 + 40 * (year - 2019)), source="demo value")
        services.subsistence_line_set(actor=None, region=enshi_pref, year=year,
                                      amount=D(560 + 25 * (year - 2019)), source="demo value")

    hubei_union = _union("湖北省总工会", None, Union.Level.PROVINCE, hubei)
    enshi = _union("恩施州总工会", hubei_union, Union.Level.CITY, enshi_pref)
    enshi_shi = _union("恩施市总工会", enshi, Union.Level.COUNTY, enshi_city)
    enshi_towns = [
        _union(name, enshi_shi, Union.Level.TOWN, enshi_city)
        for name in ("舞阳坝街道总工会", "小渡船街道总工会")
    ]
    hangzhou = Union.objects.filter(name="杭州市总工会").first() or enshi
    deqing_towns = list(
        Union.objects.filter(path__startswith=deqing.path, level=Union.Level.TOWN).order_by("path")
    ) or [deqing]

    # The seed's nurse household, fictional name.
    nurse, new = _file(stdout, {
        "union": enshi_towns[0], "region": enshi_city,
        "head_name": "向春燕", "head_id_number": _id("422801", dt.date(1986, 5, 12), 228),
        "head_phone": "13972000001", "employer": "恩施市某医院(护士)",
        "address": "恩施市舞阳坝街道", "household_size": 3, "primary_cause": "illness",
        "secondary_causes": ["education"], "monthly_income": D("7000"),
        "yearly_income": D("84000"), "medical_expenses": D("78000"),
        "applied_on": dt.date(2019, 3, 20), "filed_on": dt.date(2019, 3, 28),
        "notes": "女儿患先天性脑积水,先后在武汉、重庆等地多次治疗,治疗费5万余元,"
                 "每月康复费用4000余元;丈夫在外务工。",
        "members": [
            {"name": "田国华", "relation": "spouse",
             "id_number": _id("422801", dt.date(1984, 9, 3), 215),
             "monthly_income": D("3500"), "school_or_work": "在外务工"},
            {"name": "田小禾", "relation": "child",
             "id_number": _id("422801", dt.date(2013, 2, 17), 226),
             "health": "先天性脑积水,长期康复治疗", "school_or_work": "康复治疗中"},
        ],
    })
    created["files"] += new
    second, new = _file(stdout, {
        "union": enshi_towns[1], "region": enshi_city,
        "head_name": "谭志明", "head_id_number": _id("422801", dt.date(1979, 11, 2), 317),
        "household_size": 4, "primary_cause": "illness", "monthly_income": D("2600"),
        "medical_expenses": D("12000"), "applied_on": dt.date(2018, 11, 5),
        "filed_on": dt.date(2018, 11, 20), "health": "慢性肾病,定期透析",
    })
    created["files"] += new
    goods = [
        services.GoodsLine("棉被", D("2"), "床", D("360")),
        services.GoodsLine("大米", D("2"), "袋", D("200")),
        services.GoodsLine("食用油", D("2"), "桶", D("150")),
    ]
    for key, f in (("hz-nurse", nurse), ("hz-second", second)):
        created["aids"] += _aid(key, f, union=hangzhou, kind="condolence",
                                date=dt.date(2019, 4, 18), goods=goods, delegation=DELEGATION,
                                notes="杭州市工会帮扶志愿者代表团走进恩施爱心慰问")
    created["aids"] += _aid("nurse-medical-2019", nurse, union=enshi, kind="medical",
                            date=dt.date(2019, 6, 10), cash=D("5000"))

    # Further households, deterministic.
    rng = random.Random(20190418)
    surnames = "沈姚钱朱费俞莫闻严施蒋陆"
    given = ["建华", "美琴", "国强", "丽娟", "志刚", "秀芳", "伟民", "海燕", "林峰", "雪梅",
             "春生", "玉兰", "晓东", "桂英"]
    causes = ["illness", "disability", "education", "unemployment", "single_parent",
              "accident", "disaster"]
    statuses = ["in_file"] * 6 + ["applied", "lifted", "exited", "relapsed", "safety_net",
                                  "cancelled"]
    homes = [(u, "330521", u.region or zj_deqing) for u in deqing_towns] + [
        (u, "422801", enshi_city) for u in enshi_towns
    ]
    for i in range(24):
        union, code, region = homes[i % len(homes)]
        size = rng.randint(2, 5)
        line = D(900) if code == "330521" else D(560)
        per_capita = line * D(rng.choice(["0.6", "0.8", "1.2", "1.5", "1.8"]))
        yearly = (per_capita * 12 * size).quantize(D("1"))
        filed = dt.date(2019, 1, 10) + dt.timedelta(days=rng.randint(0, 1900))
        status = statuses[i % len(statuses)]
        cause = causes[i % len(causes)]
        f, new = _file(stdout, {
            "union": union, "region": region, "head_name": surnames[i % len(surnames)] + given[i % len(given)],
            "head_id_number": _id(code, dt.date(1965 + i, 1 + i % 12, 1 + i % 27), 100 + i),
            "head_phone": f"1380000{i:04d}", "household_size": size, "primary_cause": cause,
            "secondary_causes": ["education"] if cause != "education" and i % 3 == 0 else [],
            "yearly_income": yearly, "monthly_income": (yearly / 12).quantize(D("0.01")),
            "applied_on": filed - dt.timedelta(days=10), "filed_on": filed, "status": status,
            "sudden": "家中突遭火灾" if cause == "disaster" else "",
        })
        created["files"] += new
        if f.is_open and status != "applied" and i % 4 != 3:
            created["aids"] += _aid(f"living-{i}", f, union=union, kind="living",
                                    date=filed + dt.timedelta(days=30), cash=D(800 + 100 * (i % 5)))
            if i % 3 == 0:
                created["aids"] += _aid(
                    f"spring-{i}", f, union=union, kind="spring_education",
                    date=dt.date(filed.year, 8, 20) if filed.month < 8 else filed,
                    cash=D("2000"), student_name=surnames[i % len(surnames)] + "小" + given[i % len(given)][0],
                    school="德清县第一中学" if code == "330521" else "恩施市第一中学", grade="高一",
                )
            if i % 5 == 0:
                created["aids"] += _aid(f"autumn-{i}", f, union=union, kind="autumn_education",
                                        date=dt.date(2024, 9, 1), cash=D("3000"),
                                        student_name=given[i % len(given)] + "之子", school="湖州学院",
                                        grade="大一")
    _say(stdout, f"assistance demo: {created['files']} files and {created['aids']} aid records "
                 "created")
    return created
