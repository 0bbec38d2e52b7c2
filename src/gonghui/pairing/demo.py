"""Demo data of pairing assistance and recuperation, from the seed page.

* 杭州市总工会 ↔ 恩施州总工会 (east-west collaboration, since 2017): the five-day delegation
  of 22 volunteers from 10 Hangzhou industry unions and 15 district unions (the unions are
  created under 杭州市总工会 when missing), its symposium, study tour and condolence
  visits, the quilts, rice and oil given (the assistance demo's aid records, linked), the
  三建三助 mechanism document, the planned 平海路 shop for 恩施's products and the 江干
  e-commerce centre with its selenium-rich products, and purchases by Hangzhou unions.
* 镇海区总工会 ↔ 龙游县总工会 (mountain-sea collaboration, since 2016): the framework
  agreement on four areas (worker culture, talent, recuperation, resources) with its
  commitments, the recuperation agreement, and recuperation trips both ways.

Every person's name is invented; prices, dates within the month and rules are demo
values. Idempotent: records found by their natural keys are left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.assistance.crypto import blind_index
from gonghui.assistance.models import Aid
from gonghui.orgs.models import Region, Union, Worker
from gonghui.recuperation import services as recuperation
from gonghui.recuperation.models import Base, Route, Rules, Trip

from . import services
from .models import (
    Agreement,
    ConsumptionTarget,
    Delegation,
    Outlet,
    Pairing,
    PairingAid,
    Product,
    Purchase,
    Work,
)

D = Decimal
DELEGATION = "杭州市工会帮扶志愿者代表团走进恩施"
INDUSTRY = ["杭州市教育工会", "杭州市卫生工会", "杭州市机械冶金工会", "杭州市商贸工会",
            "杭州市建设工会", "杭州市交通运输工会", "杭州市旅游工会", "杭州市金融工会",
            "杭州市农林水工会", "杭州市国防工会"]
DISTRICTS = ["上城区总工会", "下城区总工会", "江干区总工会", "拱墅区总工会", "西湖区总工会",
             "滨江区总工会", "萧山区总工会", "余杭区总工会", "富阳区总工会", "临安区总工会",
             "桐庐县总工会", "淳安县总工会", "建德市总工会", "杭州经济技术开发区总工会",
             "西湖风景名胜区总工会"]
VOLUNTEERS = ["林志远", "黄伟杰", "张文斌", "陈雅琴", "王晓燕", "李国平", "赵敏华", "周建新",
              "吴丽萍", "郑海涛", "孙慧芳", "钱志强", "冯雪莲", "朱永康", "何静怡", "许振华",
              "沈佳颖", "韩立军", "杨秀梅", "曹文涛", "蒋红英", "姚长青"]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _child(parent: Union, name: str, level: str, kind: str) -> Union:
    found = Union.objects.filter(name=name).first()
    if found is not None:
        return found
    return Union.objects.add_child(Union.objects.get(pk=parent.pk),
                                   create_kwargs={"name": name, "level": level, "kind": kind})


def _pairing(giver: Union, receiver: Union, kind: str, since: dt.date) -> Pairing:
    found = Pairing.objects.filter(giver=giver, receiver=receiver).first()
    return found or services.pairing_create(actor=None, giver=giver, receiver=receiver,
                                            kind=kind, since=since)


def _work(pairing, **kw) -> None:
    if not Work.objects.filter(pairing=pairing, name=kw["name"]).exists():
        services.work_record(actor=None, pairing=pairing, **kw)


def _product(owner, pairing, name, unit, price, origin, supplier) -> Product:
    found = Product.objects.filter(name=name, supplier=supplier).first()
    return found or services.product_add(actor=None, owner=owner, pairing=pairing, name=name,
                                         unit=unit, price=price, origin=origin,
                                         supplier=supplier)


def build_east_west(stdout=None) -> Pairing | None:
    hz = Union.objects.filter(name="杭州市总工会").first()
    es = Union.objects.filter(name="恩施州总工会").first()
    if hz is None or es is None:
        _say(stdout, "pairing demo: 杭州市总工会 or 恩施州总工会 not found; run the main and "
                     "assistance demos first")
        return None
    pairing = _pairing(hz, es, Pairing.Kind.EAST_WEST, dt.date(2017, 1, 1))
    unions = [_child(hz, n, Union.Level.CITY, Union.Kind.INDUSTRY) for n in INDUSTRY]
    unions += [_child(hz, n, Union.Level.COUNTY, Union.Kind.FEDERATION) for n in DISTRICTS]
    start = dt.date(2019, 4, 15)
    delegation = Delegation.objects.filter(pairing=pairing, title=DELEGATION).first()
    if delegation is None:
        xiacheng = Union.objects.get(name="下城区总工会")
        chunan = Union.objects.get(name="淳安县总工会")
        # 22 volunteers: one each from 20 of the 25 unions, a second from 下城区 and 淳安县.
        froms = [u for u in unions if u not in (xiacheng, chunan)][:18] + [xiacheng, xiacheng,
                                                                           chunan, chunan]
        delegation = services.delegation_record(
            actor=None, pairing=pairing, title=DELEGATION, leader="林志远",
            starts_on=start, ends_on=start + dt.timedelta(days=4), destination="湖北省恩施州",
            notes="围绕“三建三助”工作机制开展东西部扶贫协作(演示数据,人名均为虚构)。",
            unions=unions,
            volunteers=[services.VolunteerSpec(from_union=u, name=name,
                                               role="团长" if i == 0 else "帮扶志愿者")
                        for i, (u, name) in enumerate(zip(froms, VOLUNTEERS, strict=True))],
            activities=[
                services.ActivitySpec("symposium", start, "以致富奔小康为主题的座谈会"),
                services.ActivitySpec("study_tour", start + dt.timedelta(days=2),
                                      "考察恩施富硒农产品产业和电商协作"),
                services.ActivitySpec("condolence", start + dt.timedelta(days=3),
                                      "爱心慰问因病致困职工家庭,送上棉被、米、油"),
            ],
        )
    # The quilts, rice and oil recorded by the assistance demo, linked to this delegation.
    keys = [blind_index("demo-aid:" + key) for key in ("hz-nurse", "hz-second")]
    for aid in Aid.objects.filter(import_key__in=keys):
        if not PairingAid.objects.filter(aid=aid).exists():
            services.aid_link(actor=None, pairing=pairing, aid=aid, delegation=delegation)
    _work(pairing, line="mechanism", name="“三建三助”多元帮扶机制", date=dt.date(2019, 4, 10),
          document="2019年杭州市恩施州创新推进东西部扶贫协作工作方案")
    _work(pairing, line="platform", name="杭州(江干)东西部协作百岁源电商益贫中心",
          date=dt.date(2019, 3, 1), document="")
    _work(pairing, line="base", name="恩施职工疗休养线路踩线基地", date=dt.date(2019, 4, 17))
    _work(pairing, line="training", name="恩施州工会干部赴杭培训班", date=dt.date(2019, 6, 10),
          trainees=40, hours=D("32"))
    jianggan = Union.objects.get(name="江干区总工会")
    for name, kind, status, opened in (
        ("平海路门市恩施特色产品专门店", Outlet.Kind.SHOP, Outlet.Status.PLANNED, None),
        ("杭州(江干)东西部协作百岁源电商益贫中心——硒博馆", Outlet.Kind.ECOMMERCE,
         Outlet.Status.OPEN, dt.date(2019, 3, 1)),
    ):
        if not Outlet.objects.filter(pairing=pairing, name=name).exists():
            services.outlet_add(actor=None, pairing=pairing, name=name, kind=kind, status=status,
                                opened_on=opened)
    origin = Region.objects.filter(code="422800").first()
    supplier = "百岁源电商益贫中心"
    tea = _product(jianggan, pairing, "恩施富硒茶", "盒", "128.00", origin, supplier)
    rice = _product(jianggan, pairing, "恩施富硒大米", "袋", "59.00", origin, supplier)
    ham = _product(jianggan, pairing, "土家腊肉", "千克", "96.00", origin, supplier)
    cake = _product(hz, None, "中秋月饼礼盒", "盒", "88.00", None, "杭州某食品公司")
    outlet = Outlet.objects.get(pairing=pairing, kind=Outlet.Kind.ECOMMERCE)
    if not Purchase.objects.filter(product__in=[tea, rice, ham, cake]).exists():
        for union, product, day, qty, channel in (
            (jianggan, tea, dt.date(2019, 9, 5), "200", "festival_gifts"),
            (jianggan, cake, dt.date(2019, 9, 5), "400", "festival_gifts"),
            (jianggan, rice, dt.date(2019, 5, 20), "300", "canteen"),
            (Union.objects.get(name="下城区总工会"), ham, dt.date(2019, 12, 20), "150", "online"),
            (Union.objects.get(name="下城区总工会"), tea, dt.date(2019, 9, 6), "100",
             "festival_gifts"),
        ):
            services.purchase_record(actor=None, union=union, product=product, date=day,
                                     quantity=qty, channel=channel,
                                     outlet=outlet if product.pairing_id else None)
    if not ConsumptionTarget.objects.filter(year=2019).exists():
        services.consumption_target_set(actor=None, year=2019, share="30",
                                        source="演示目标值")
    return pairing


def build_mountain_sea(stdout=None) -> Pairing | None:
    zh = Union.objects.filter(name="镇海区总工会").first()
    ly = Union.objects.filter(name="龙游县总工会").first()
    if zh is None or ly is None:
        _say(stdout, "pairing demo: 镇海区总工会 or 龙游县总工会 not found; run the main demo first")
        return None
    pairing = _pairing(zh, ly, Pairing.Kind.MOUNTAIN_SEA, dt.date(2016, 1, 1))
    if not Agreement.objects.filter(pairing=pairing, title="战略合作框架协议书").exists():
        agreement = services.agreement_add(
            actor=None, pairing=pairing, title="战略合作框架协议书", signed_on=dt.date(2018, 7, 20),
            parties="镇海区总工会、龙游县总工会",
            areas=["worker_culture", "talent", "recuperation", "resources"],
        )
        for area, text, value, unit, due in (
            ("worker_culture", "两地职工文艺交流演出", "2", "场", dt.date(2019, 6, 30)),
            ("talent", "异地务工人员技能培训", "200", "人次", dt.date(2019, 12, 31)),
            ("recuperation", "一线职工、劳动模范疗休养互送", "300", "人次", dt.date(2019, 12, 31)),
            ("resources", "疗休养线路互推、宣传营销资源共享", None, "", dt.date(2019, 9, 30)),
        ):
            c = services.commitment_add(actor=None, agreement=agreement, area=area,
                                        description=text, target_value=value, target_unit=unit,
                                        due_on=due)
            if area == "worker_culture":
                services.commitment_transition(actor=None, commitment=c, action="complete",
                                               version=c.version, on=dt.date(2019, 5, 1),
                                               achieved_value="2")
            elif area == "recuperation":
                services.commitment_transition(actor=None, commitment=c, action="start",
                                               version=c.version)
        services.agreement_add(actor=None, pairing=pairing, title="镇海—龙游疗休养战略合作协议书",
                               signed_on=dt.date(2019, 4, 25), parties="镇海区总工会、龙游县总工会",
                               areas=["recuperation"])
    # Recuperation: rules, bases and routes (demo values), trips both ways.
    if not Rules.objects.filter(effective_from=dt.date(2019, 1, 1)).exists():
        recuperation.rules_set(actor=None, effective_from=dt.date(2019, 1, 1),
                               max_cost_per_day="400", max_cost_per_year="2400", max_days=5,
                               max_days_paired=7, source="演示规则")
    specs = [("龙游石窟职工疗休养基地", "330825", ly, "石窟·民居苑四日线", 4, "300"),
             ("镇海招宝山职工疗休养基地", "330211", zh, "海天雄镇三日线", 3, "320")]
    routes = []
    for base_name, code, host, route_name, days, price in specs:
        base = Base.objects.filter(name=base_name).first() or recuperation.base_add(
            actor=None, name=base_name, certified_year=2018, capacity=60,
            region=Region.objects.filter(code=code).first(), host_union=host)
        routes.append(Route.objects.filter(base=base, name=route_name).first()
                      or recuperation.route_add(actor=None, base=base, name=route_name,
                                                days=days, price_per_day=price))
    groups = ["frontline", "frontline", "model_worker", "skilled", "near_retirement"]
    for union, route, start, names in (
        (zh, routes[0], dt.date(2019, 5, 13), ["镇海一线职工甲", "镇海一线职工乙", "镇海劳模丙",
                                               "镇海技工丁", "镇海老职工戊"]),
        (zh, routes[0], dt.date(2019, 10, 14), ["镇海职工己", "镇海职工庚", "镇海劳模辛"]),
        (ly, routes[1], dt.date(2019, 6, 17), ["龙游一线职工甲", "龙游一线职工乙", "龙游劳模丙",
                                               "龙游技工丁"]),
    ):
        if Trip.objects.filter(route=route, union=union, starts_on=start).exists():
            continue
        recuperation.trip_plan(
            actor=None, route=route, union=union, starts_on=start,
            ends_on=start + dt.timedelta(days=route.days - 1), pairing=pairing,
            participants=[recuperation.ParticipantSpec(
                Worker.objects.get_or_create(union=union, name=name)[0], groups[i % 5])
                for i, name in enumerate(names)],
        )
    for trip in Trip.objects.filter(pairing=pairing, status=Trip.Status.PLANNED,
                                    ends_on__lt=dt.date(2019, 7, 1)):
        recuperation.trip_complete(actor=None, trip=trip)
    return pairing


def build_pairing_demo(stdout=None) -> dict:
    """Build (or complete) the pairing and recuperation demo; returns what exists after."""
    built = [p for p in (build_east_west(stdout), build_mountain_sea(stdout)) if p]
    result = {
        "pairings": len(built),
        "volunteers": sum(v for d in Delegation.objects.filter(pairing__in=built)
                          for v in [d.volunteers.count()]),
        "trips": Trip.objects.filter(pairing__in=built).count(),
    }
    _say(stdout, f"pairing demo: {result['pairings']} pairings, {result['volunteers']} "
                 f"volunteers, {result['trips']} exchange trips")
    return result
