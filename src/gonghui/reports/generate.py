"""Realistic synthetic data at county, city or province scale (``gonghui generate``).

The union tree is written with ``bulk_create`` and treebeard's materialised paths built
directly (``steplen`` 4 characters a level from ``0-9A-Z``; siblings numbered in name
order as ``node_order_by = ["name"]`` keeps them; ``depth`` and ``numchild`` set), so
``Union.fix_tree()`` is not needed. Everything else goes in with ``bulk_create`` in
batches, one county at a time (memory stays bounded at province scale).

Per county (every scale): 15 towns, ``grassroots_per_town`` grassroots unions, 3,000
enterprises with valid USCCs, 30,000 workers with valid ID numbers, 10,000 visits,
20,000 items, 1,000 hardship files and 10,000 aid records. Scales differ in the number
of counties: ``county`` 1, ``city`` 10 (one city), ``province`` 99 (11 cities of 9
counties, 40 grassroots unions a town: ≈ 60,000 unions, 2,000,000 items).

Items follow a realistic mix: the older an item, the likelier it is closed out; open
items have deadlines 10–30 days after they were found (so some are overdue). History
rows (simple_history) and timeline events are not generated.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.assistance.crypto import blind_index
from gonghui.assistance.models import Aid, Cause, HardshipFile
from gonghui.orgs.codes import build_uscc
from gonghui.orgs.models import Enterprise, Region, ResponsibleUnit, Union, Worker
from gonghui.orgs.validators import id_check_digit
from gonghui.services.models import Category, Item, Visit

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    """How much to generate: ``cities`` × ``counties_per_city`` counties, each with
    ``towns`` towns of ``grassroots_per_town`` grassroots unions and the per-county
    record counts."""

    cities: int
    counties_per_city: int
    towns: int = 15
    grassroots_per_town: int = 20
    enterprises: int = 3000
    workers: int = 30000
    visits: int = 10000
    items: int = 20000
    files: int = 1000
    aids: int = 10000


SCALES = {
    "county": Scale(cities=1, counties_per_city=1),
    "city": Scale(cities=1, counties_per_city=10),
    "province": Scale(cities=11, counties_per_city=9, grassroots_per_town=40, enterprises=3030,
                      workers=30303, visits=10101, items=20202, files=1010, aids=10101),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国文红玉兰飞鹏辉晓燕宁波斌"
TOWN_WORDS = ["城关", "新市", "钟管", "禹越", "乾元", "洛舍", "雷甸", "莫干", "阜溪", "舞阳",
              "武康", "下渚", "三合", "筏头", "东衡", "新安", "沙河", "石门", "白沙", "青山"]
INDUSTRIES = ["制造业", "建筑业", "批发零售", "交通运输", "住宿餐饮", "信息技术", "物流", "纺织"]
ENTERPRISE_WORDS = ["精密机械", "新材料", "纺织", "电子", "建材", "食品", "物流", "包装", "家居",
                    "汽配", "生物科技", "化工", "服饰", "环保", "能源", "印刷"]
SUBJECTS = {
    Item.Kind.DIFFICULTY: ["家庭成员重病", "子女上学困难", "因灾致困", "工伤后生活困难"],
    Item.Kind.NEED: ["技能培训需求", "职工食堂改善", "子女暑期托管", "法律咨询", "招工用工需求"],
    Item.Kind.PROBLEM: ["工资拖欠", "劳动合同不规范", "社保缴纳问题", "加班时间过长"],
}
CATEGORIES = ["民生服务", "精神文化", "技能提升", "权益维护", "企业发展"]
UNITS = ["县人力社保局", "县住建局", "县市场监管局", "县教育局", "县卫健局", "县司法局"]


def tree_path(parent: str, position: int) -> str:
    """The path of the ``position``-th child (1-based) under ``parent`` (treebeard MP:
    ``STEPLEN`` characters of ``ALPHABET`` a level). Raises ValueError past the last."""
    if not 1 <= position < len(ALPHABET) ** STEPLEN:
        raise ValueError(f"child position {position} out of range")
    digits = []
    for _ in range(STEPLEN):
        position, rem = divmod(position, len(ALPHABET))
        digits.append(ALPHABET[rem])
    return parent + "".join(reversed(digits))


def id_number(region: str, birth: dt.date, n: int) -> str:
    """A well-formed 公民身份号码 (check digit computed)."""
    first17 = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


#: Birth days between 1965 and 2002 for synthetic workers.
BIRTH_DAYS = 13_870


def unique_birth(n: int) -> dt.date:
    """A birth date for the ``n``-th synthetic person such that (birth date, ``n % 1000``)
    differs for every ``n`` below ``BIRTH_DAYS`` x 1000 (13.87 million): with the region
    code, :func:`id_number` is then unique, which the rule of one open hardship file per
    ID needs (a random birthday repeated 1000 persons apart collided at province scale).
    The day steps by a prime coprime to ``BIRTH_DAYS``, so ages still spread."""
    return dt.date(1965, 1, 1) + dt.timedelta(days=(n // 1000) * 7919 % BIRTH_DAYS)


def uscc_body(n: int) -> str:
    """Eight organisation-code characters from a counter (unique per ``n``)."""
    return f"{n:08d}"


@contextmanager
def keep_timestamps(*fields) -> Iterator[None]:
    """Let ``bulk_create`` write the given auto_now/auto_now_add fields as set."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _field(model, name):
    return model._meta.get_field(name)


class Generator:
    """Writes one scale's data; ``run()`` returns the counts written."""

    def __init__(self, scale: Scale, seed: int = 1, today: dt.date | None = None,
                 log: Callable[[str], None] = print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.log = log
        self.counts: dict[str, int] = {}
        self.enterprise_seq = 0
        self.person_seq = 0

    # --- helpers --------------------------------------------------------------------

    def _bulk(self, model, objs: list) -> list:
        out = []
        for start in range(0, len(objs), BATCH):
            out.extend(model.objects.bulk_create(objs[start:start + BATCH], batch_size=BATCH))
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(objs)
        return out

    def person_name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def _aware(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60))))

    # --- the tree -------------------------------------------------------------------

    def build_tree(self) -> list[dict]:
        """Regions and unions; returns one dict a county (its union, towns, grassroots)."""
        s = self.scale
        regions = {r.code: r for r in Region.objects.all()}

        def region(code, name, level, parent):
            if code not in regions:
                regions[code] = Region.objects.create(code=code, name=name, level=level, parent=parent)
            return regions[code]

        province_region = region("990000", "示范省", "province", None)
        nodes: list[Union] = []
        root = Union(name="示范省总工会", level="province", kind="federation", region=province_region,
                     path=tree_path("", 1), depth=1, numchild=s.cities)
        nodes.append(root)
        counties = []
        # Sibling names sort like their positions (zero-padded numbers after one prefix).
        for c in range(1, s.cities + 1):
            city_region = region(f"99{c:02d}00", f"示范{c:02d}市", "city", province_region)
            city = Union(name=f"示范{c:02d}市总工会", level="city", kind="federation", region=city_region,
                         path=tree_path(root.path, c), depth=2, numchild=s.counties_per_city)
            nodes.append(city)
            for k in range(1, s.counties_per_city + 1):
                code = f"99{c:02d}{k:02d}"
                county_region = region(code, f"示范{c:02d}市{k:02d}县", "county", city_region)
                county = Union(name=f"示范{c:02d}市{k:02d}县总工会", level="county", kind="federation",
                               region=county_region, path=tree_path(city.path, k), depth=3,
                               numchild=s.towns)
                nodes.append(county)
                entry = {"county": county, "region": code, "towns": [], "grassroots": []}
                for t in range(1, s.towns + 1):
                    word = TOWN_WORDS[(t - 1) % len(TOWN_WORDS)]
                    town_region = region(f"{code}{t:03d}", f"{word}{t:02d}镇", "town", county_region)
                    town = Union(name=f"{county.name[:-3]}{t:02d}{word}镇总工会", level="town",
                                 kind="federation", region=town_region,
                                 path=tree_path(county.path, t), depth=4,
                                 numchild=s.grassroots_per_town)
                    nodes.append(town)
                    entry["towns"].append(town)
                    for g in range(1, s.grassroots_per_town + 1):
                        word2 = ENTERPRISE_WORDS[(g - 1) % len(ENTERPRISE_WORDS)]
                        grassroots = Union(
                            name=f"{town.name[:-4]}{g:03d}{word2}有限公司工会委员会",
                            level="grassroots", kind="grassroots", region=town_region,
                            path=tree_path(town.path, g), depth=5, numchild=0,
                        )
                        nodes.append(grassroots)
                        entry["grassroots"].append(grassroots)
                counties.append(entry)
        with transaction.atomic():
            created = self._bulk(Union, nodes)
        by_path = {u.path: u for u in created}
        if any(u.pk is None for u in created):  # a backend that does not return ids
            by_path = {u.path: u for u in Union.objects.select_related("region")}
        for entry in counties:
            entry["county"] = by_path[entry["county"].path]
            entry["towns"] = [by_path[u.path] for u in entry["towns"]]
            entry["grassroots"] = [by_path[u.path] for u in entry["grassroots"]]
        self.root = by_path[root.path]
        return counties

    # --- one county's records -------------------------------------------------------

    def fill_county(self, entry: dict, categories: list[Category]) -> None:
        """Enterprises, workers, visits, items, hardship files and aid of one county."""
        s, r, today = self.scale, self.rng, self.today
        county, towns, grassroots = entry["county"], entry["towns"], entry["grassroots"]
        region = entry["region"]
        enterprises = []
        for _ in range(s.enterprises):
            self.enterprise_seq += 1
            union = r.choice(grassroots) if r.random() < 0.7 else r.choice(towns)
            enterprises.append(Enterprise(
                name=f"{union.region.name}{r.choice(ENTERPRISE_WORDS)}{self.enterprise_seq}号有限公司",
                uscc=build_uscc("91", region, uscc_body(self.enterprise_seq)),
                union=union, industry=r.choice(INDUSTRIES), employees=r.randint(5, 800),
            ))
        enterprises = self._bulk(Enterprise, enterprises)

        workers = []
        titles = [Worker.Title.NONE] * 97 + [Worker.Title.COUNTY_MODEL, Worker.Title.CRAFTSMAN,
                                             Worker.Title.CITY_MODEL]
        for _ in range(s.workers):
            self.person_seq += 1
            ent = r.choice(enterprises)
            r.randrange(365 * 38)  # (kept: the rest of the data stays as it was)
            birth = unique_birth(self.person_seq)
            workers.append(Worker(
                name=self.person_name(), id_number=id_number(region, birth, self.person_seq),
                phone=f"13{r.randrange(10**9):09d}", enterprise=ent, union_id=ent.union_id,
                title=r.choice(titles), in_hardship=r.random() < 0.04,
            ))
        workers = self._bulk(Worker, workers)
        model_workers = [w for w in workers if w.title] or workers[:10]

        units = [ResponsibleUnit(name=name, kind="government", owner=county) for name in UNITS]
        units += [ResponsibleUnit(name=t.name, kind="union", union=t, owner=county) for t in towns]
        units = self._bulk(ResponsibleUnit, units)

        recorders = [county] * 2 + towns * 3 + grassroots
        T = Visit.TargetType
        targets = [T.ENTERPRISE] * 50 + [T.UNION] * 15 + [T.MODEL_WORKER] * 5 + [T.HOUSEHOLD] * 30
        visits = []
        for _ in range(s.visits):
            day = today - dt.timedelta(days=int(r.triangular(0, 730, 0)))
            target = r.choice(targets)
            v = Visit(union=r.choice(recorders), date=day, target_type=target,
                      created_at=self._aware(day, 17))
            if target == T.ENTERPRISE:
                v.enterprise = r.choice(enterprises)
            elif target == T.UNION:
                v.target_union = r.choice(grassroots)
            elif target == T.MODEL_WORKER:
                v.worker = r.choice(model_workers)
            else:
                v.worker = r.choice(workers)
            visits.append(v)
        with keep_timestamps(_field(Visit, "created_at")):
            visits = self._bulk(Visit, visits)

        items = [self._item(r.choice(visits), categories, units) for _ in range(s.items)]
        with keep_timestamps(_field(Item, "created_at"), _field(Item, "updated_at")):
            self._bulk(Item, items)

        hardship = [w for w in workers if w.in_hardship][: s.files]
        files = []
        for w in hardship:
            applied = today - dt.timedelta(days=r.randrange(1500))
            status = r.choices(["in_file", "applied", "lifted", "exited", "cancelled"],
                               [60, 8, 20, 8, 4])[0]
            income = Decimal(r.randrange(800, 6000))
            files.append(HardshipFile(
                union_id=w.union_id, worker=w, head_name=w.name, head_id_number=w.id_number,
                head_id_hash=blind_index(w.id_number), employer="", household_size=r.randint(1, 6),
                primary_cause=r.choice(Cause.values), monthly_income=income,
                yearly_income=income * 12, per_capita_income=income / 3,
                severity=r.choice(["deep", "relative", "relative", ""]), status=status,
                applied_on=applied,
                filed_on=applied + dt.timedelta(days=14) if status != "applied" else None,
                created_at=self._aware(applied), updated_at=self._aware(applied),
            ))
        with keep_timestamps(_field(HardshipFile, "created_at"), _field(HardshipFile, "updated_at")):
            files = self._bulk(HardshipFile, files)
        if files:
            aids = []
            for _ in range(s.aids):
                f = r.choice(files)
                day = f.applied_on + dt.timedelta(days=r.randrange(30, 700))
                aids.append(Aid(file=f, union_id=f.union_id, kind=r.choice(Aid.Kind.values),
                                date=min(day, today), cash=Decimal(r.choice((500, 1000, 2000, 3000))),
                                created_at=self._aware(min(day, today))))
            with keep_timestamps(_field(Aid, "created_at")):
                self._bulk(Aid, aids)

    def _item(self, visit: Visit, categories, units) -> Item:
        """One item found on ``visit``, its status drawn by age (older: likelier done)."""
        r, S = self.rng, Item.Status
        age = (self.today - visit.date).days
        if age > 120:
            weights = {S.CLOSED: 70, S.RESOLVED: 8, S.ESCALATED: 4, S.REJECTED: 4, S.MERGED: 2,
                       S.IN_PROGRESS: 6, S.ASSIGNED: 4, S.CONSULTING: 1, S.ACCEPTED: 1}
        else:
            weights = {S.REGISTERED: 12, S.ACCEPTED: 10, S.CONSULTING: 4, S.ASSIGNED: 18,
                       S.IN_PROGRESS: 22, S.RESOLVED: 12, S.ESCALATED: 3, S.CLOSED: 15,
                       S.REJECTED: 3, S.MERGED: 1}
        status = r.choices(list(weights), list(weights.values()))[0]
        kind = r.choices(list(SUBJECTS), [40, 45, 15])[0]
        found = visit.date
        item = Item(
            union_id=visit.union_id, visit=visit, kind=kind, category=r.choice(categories),
            subject=r.choice(SUBJECTS[kind]),
            persons_affected=r.randint(1, 4) if kind == Item.Kind.DIFFICULTY else 1,
            found_on=found, status=status, created_at=self._aware(found, 18),
        )
        item.updated_at = item.created_at
        if status in (S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED, S.ESCALATED, S.CLOSED):
            assigned = found + dt.timedelta(days=r.randint(0, 5))
            item.responsible_unit = r.choice(units)
            item.assigned_at = self._aware(assigned)
            item.deadline = assigned + dt.timedelta(days=r.randint(10, 30))
            item.updated_at = item.assigned_at
        if status in (S.RESOLVED, S.ESCALATED, S.CLOSED):
            done = min(found + dt.timedelta(days=r.randint(3, 40)), self.today)
            item.resolved_at = self._aware(done, 15)
            item.outcome = (Item.Outcome.ESCALATED if status == S.ESCALATED or r.random() < 0.06
                            else Item.Outcome.RESOLVED)
            item.updated_at = item.resolved_at
            if status == S.CLOSED:
                item.closed_at = self._aware(min(done + dt.timedelta(days=r.randint(1, 10)), self.today), 16)
                item.satisfaction = r.choice(["satisfied", "satisfied", "basically"])
                item.updated_at = item.closed_at
        return item

    def run(self) -> dict[str, int]:
        """Generate everything (refuses when the database already has unions)."""
        if Union.objects.exists():
            raise ValueError("the database already has unions; generate into an empty database")
        categories = list(Category.objects.filter(is_active=True))
        if not categories:
            categories = [Category.objects.create(name=n, sort_order=i) for i, n in enumerate(CATEGORIES)]
        t0 = time.perf_counter()
        counties = self.build_tree()
        self.log(f"union tree: {self.counts['Union']} unions ({time.perf_counter() - t0:.1f} s)")
        for i, entry in enumerate(counties, 1):
            with transaction.atomic():
                self.fill_county(entry, categories)
            self.log(f"county {i}/{len(counties)} ({time.perf_counter() - t0:.1f} s)")
        # The triggers marked every month of every county: one set-based rebuild instead.
        from .summary import rebuild

        rebuild()
        self.log(f"report summary tables rebuilt ({time.perf_counter() - t0:.1f} s)")
        return self.counts


def generate(scale: str, seed: int = 1, today: dt.date | None = None,
             log: Callable[[str], None] = print) -> dict[str, int]:
    """Fill an empty database at ``scale`` (``county``, ``city`` or ``province``);
    returns the number of rows written per model. Raises ValueError for an unknown scale
    or a database that already has unions."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}")
    return Generator(SCALES[scale], seed=seed, today=today, log=log).run()
