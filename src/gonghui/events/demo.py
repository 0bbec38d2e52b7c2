"""Demo data of competitions, craftsman service teams and events, from the seed page.

:func:`build_competitions_events_demo` runs after the main demo built the union tree
(``gonghui load-demo``). It finds unions by name, creates a missing one under a parent
found by name (or skips that part with a note), and is idempotent: running it again
changes nothing. Individuals get fictional names.

Figures it gives (all time): 奉化区总工会 63 key projects, 22 competitions (the 2019 立功竞赛
and 21 contests since 2018), 2,300 participant-times, 2 chief workers; 三门县总工会 one
craftsman visit (welding guidance, electrical safety) to 台州奇艺环保设备科技有限公司;
德清县总工会 its training centre's visit to 浙江远大钢构实业有限公司; 夹浦镇总工会 a choir
selection (106 in round 1); 方太's union a blood drive (242 donors, 80,000 mL, 15
stem-cell registrations, 200 thank-you letters).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from gonghui.accounts.models import Role, User
from gonghui.competitions.models import Award, Competition, CraftsmanService, Entry, KeyProject
from gonghui.competitions.services import SessionSpec, competition_ranks
from gonghui.orgs.models import Enterprise, Region, Union, Worker
from gonghui.orgs.validators import org_code_check_char, uscc_check_char
from gonghui.services.models import ServiceTeam, Visit

from .models import CANONICAL_UNITS, Event, EventFigure, SelectionRound

FENGHUA_NAMED_PROJECTS = ["城市文化中心", "葛岙水库", "金海路站商业办公及客运中心"]
_PLACES = ["岳林", "锦屏", "江口", "西坞", "萧王庙", "溪口", "莼湖", "裘村", "大堰", "尚田", "松岙", "方桥"]
_WORKS = ["安置房工程", "道路改造工程", "污水管网工程", "学校新建工程", "滨江绿道工程"]
_SURNAMES = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "建国志强海峰立新国平伟民晓东红梅丽君文斌永康春雷秋菊雪芳振华家乐宏伟"
CONTESTS = [
    ("skills", "首届砌筑工技能大赛"), ("skills", "电工技能比武"), ("skills", "焊工技能比武"),
    ("skills", "钢筋工技能比武"), ("skills", "汽车维修工技能比武"), ("skills", "育婴员技能比武"),
    ("skills", "数控车工技能比武"), ("skills", "中式烹调师技能比武"), ("skills", "茶艺师技能比武"),
    ("skills", "叉车司机技能比武"), ("skills", "电子商务师技能比武"), ("labour", "“产城杯”劳动竞赛"),
    ("labour", "“凤麓杯”劳动竞赛"), ("labour", "“三重一新”劳动竞赛"), ("labour", "安全生产劳动竞赛"),
    ("labour", "节能降耗劳动竞赛"), ("labour", "工程质量劳动竞赛"), ("labour", "文明施工劳动竞赛"),
    ("labour", "交通工程劳动竞赛"), ("labour", "水利工程劳动竞赛"), ("labour", "园区建设劳动竞赛"),
]
FENGHUA_PARTICIPANT_TIMES = 2300


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _union(name: str) -> Union | None:
    return Union.objects.filter(name=name).first()


def _union_or_create(name: str, parents: list[str], stdout, **fields) -> Union | None:
    """The union called ``name``; else created under the first of ``parents`` found."""
    union = _union(name)
    if union is not None:
        return union
    for parent_name in parents:
        parent = _union(parent_name)
        if parent is not None:
            union = Union.objects.add_child(Union.objects.get(pk=parent.pk), create_kwargs={"name": name, **fields})
            _say(stdout, f"  created union {name} under {parent_name}")
            return Union.objects.get(pk=union.pk)
    _say(stdout, f"  skipped: neither {name} nor a parent ({', '.join(parents)}) exists")
    return None


def _region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def _enterprise(name: str, union: Union, region_code: str, seed: int) -> Enterprise:
    """The enterprise called ``name``, else one with a well-formed demo USCC."""
    found = Enterprise.objects.filter(name=name).first()
    if found is not None:
        return found
    n = seed
    while True:
        body = f"D{n:07d}"
        first17 = "91" + region_code + body + org_code_check_char(body)
        uscc = first17 + uscc_check_char(first17)
        if not Enterprise.objects.filter(uscc=uscc).exists():
            break
        n += 1
    return Enterprise.objects.create(name=name, uscc=uscc, union=union, region=_region(region_code))


def _fictional_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN[::2]) + rng.choice(_GIVEN[1::2])


def _expert(name: str, union: Union, enterprise: Enterprise | None, title: str) -> Worker:
    worker, _ = Worker.objects.get_or_create(
        name=name, union=union, defaults={"title": title, "enterprise": enterprise}
    )
    return worker


def _officer(union: Union) -> User | None:
    return (
        User.objects.filter(union=union, is_active=True, role__in=[Role.OFFICER, Role.REVIEWER])
        .order_by("role", "id")
        .first()
    )


def _fenghua(stdout) -> None:
    union = _union("奉化区总工会")
    if union is None:
        _say(stdout, "  skipped 奉化: 奉化区总工会 not found")
        return
    region = _region("330213")
    names = FENGHUA_NAMED_PROJECTS + [f"{p}{w}" for p in _PLACES for w in _WORKS]
    projects = []
    for name in names[:63]:
        project, _ = KeyProject.objects.get_or_create(
            union=union, name=name, defaults={"region": region}
        )
        projects.append(project)
    umbrella, created = Competition.objects.get_or_create(
        union=union,
        name="2019年“争当主力军、决胜大变革”重点工程立功竞赛",
        defaults={
            "kind": Competition.Kind.MERIT,
            "theme": "争当主力军、决胜大变革",
            "start_date": dt.date(2019, 3, 1),
            "end_date": dt.date(2019, 12, 31),
        },
    )
    if created:
        umbrella.key_projects.set(projects)
    rng = random.Random(2019)
    per_contest = [FENGHUA_PARTICIPANT_TIMES // len(CONTESTS)] * len(CONTESTS)
    per_contest[0] += FENGHUA_PARTICIPANT_TIMES - sum(per_contest)
    for i, ((kind, name), size) in enumerate(zip(CONTESTS, per_contest, strict=True)):
        start = dt.date(2018, 3, 1) + dt.timedelta(days=17 * i)
        contest, created = Competition.objects.get_or_create(
            union=union,
            name=f"奉化区{name}",
            defaults={"kind": kind, "start_date": start, "end_date": start + dt.timedelta(days=2)},
        )
        if not created:
            continue
        scores = [Decimal(rng.randint(600, 990)) / 10 for _ in range(size)]
        ranks = competition_ranks(scores)
        Entry.objects.bulk_create(
            Entry(competition=contest, team_name=_fictional_name(rng), score=s, rank=r)
            for s, r in zip(scores, ranks, strict=True)
        )
        if i == 0:  # the first bricklayers' contest: two chief workers, fictional names
            for n, name_ in enumerate(["俞砌华", "邬建平"]):
                worker = _expert(name_, union, None, Worker.Title.CHIEF_WORKER)
                entry = Entry.objects.filter(competition=contest).order_by("rank", "id")[n]
                entry.worker, entry.team_name = worker, ""
                entry.save(update_fields=["worker", "team_name"])
                Award.objects.get_or_create(
                    entry=entry, title=Award.Title.CHIEF_WORKER,
                    defaults={"awarded_on": dt.date(2018, 12, 28)},
                )
    _say(stdout, f"  奉化: {len(projects)} key projects, {len(CONTESTS) + 1} competitions")


def _sanmen(stdout) -> None:
    union = _union("三门县总工会")
    if union is None:
        _say(stdout, "  skipped 三门: 三门县总工会 not found")
        return
    firm = _enterprise("台州奇艺环保设备科技有限公司", union, "331022", 1)
    team, _ = ServiceTeam.objects.get_or_create(
        union=union, name="三门县总工会劳模工匠服务队", defaults={"kind": ServiceTeam.Kind.CRAFTSMAN}
    )
    judge = _expert("叶国锋", union, None, Worker.Title.CRAFTSMAN)
    champion = _expert("潘立新", union, None, Worker.Title.CRAFTSMAN)
    team.experts.add(judge, champion)
    date = dt.date(2019, 3, 22)
    if Visit.objects.filter(team=team, enterprise=firm, date=date).exists():
        return
    with transaction.atomic():
        visit = Visit.objects.create(
            union=union, team=team, date=date, target_type=Visit.TargetType.ENTERPRISE,
            enterprise=firm, notes="沿海工业城：焊接技术现场指导、用电安全知识培训会",
        )
        for topic, attendees, hours, experts, detail in (
            ("welding", 18, Decimal("3"), [judge, champion], "逐层焊接、堆叠工艺现场示范与答疑"),
            ("electrical_safety", 45, Decimal("2"), [judge], "用电安全知识培训会"),
        ):
            row = CraftsmanService.objects.create(
                visit=visit, topic=topic, attendees=attendees, hours=hours, detail=detail,
                feedback="焊工们反映现场指导解决了实际难题",
            )
            row.experts.set(experts)
    _say(stdout, "  三门: craftsman visit to 台州奇艺环保设备科技有限公司")


def _deqing(stdout) -> None:
    union = _union("德清县总工会")
    if union is None:
        _say(stdout, "  skipped 德清: 德清县总工会 not found")
        return
    firm = _enterprise("浙江远大钢构实业有限公司", union, "330521", 2)
    team, _ = ServiceTeam.objects.get_or_create(
        union=union, name="德清县总工会职工技能培训中心专家组",
        defaults={"kind": ServiceTeam.Kind.CRAFTSMAN},
    )
    teacher = _expert("沈立华", union, None, Worker.Title.CRAFTSMAN)
    team.experts.add(teacher)
    if Visit.objects.filter(team=team, enterprise=firm).exists():
        return
    date = dt.date(2026, 3, 26)
    sessions = [
        SessionSpec(
            topic="skills_training", attendees=25, hours=Decimal("2"), experts=(teacher,),
            detail="对接钣金、切割、电焊培训需求，商定后期免费系统性培训",
            feedback="企业负责人：以后员工不只从老师傅那里学",
        )
    ]
    # The page's visit only agrees the training needs; the systematic training comes
    # later, so the demo leaves 德清's items as they are (the six figures stay the page's).
    with transaction.atomic():
        visit = Visit.objects.create(
            union=union, team=team, date=date, target_type=Visit.TargetType.ENTERPRISE, enterprise=firm
        )
        s = sessions[0]
        row = CraftsmanService.objects.create(
            visit=visit, topic=s.topic, attendees=s.attendees, hours=s.hours, detail=s.detail, feedback=s.feedback
        )
        row.experts.set(s.experts)
    _say(stdout, "  德清: training centre visit to 浙江远大钢构实业有限公司")


def _event(union: Union, kind: str, name: str, date: dt.date, place: str, figures: dict[str, int]) -> Event:
    event, created = Event.objects.get_or_create(
        union=union, name=name, defaults={"kind": kind, "date": date, "place": place}
    )
    if created:
        EventFigure.objects.bulk_create(
            EventFigure(event=event, metric=m, value=Decimal(v), unit=CANONICAL_UNITS[m])
            for m, v in figures.items()
        )
    return event


def _jiapu(stdout) -> None:
    jiapu = _union_or_create(
        "夹浦镇总工会", ["长兴县总工会"], stdout,
        level=Union.Level.TOWN, kind=Union.Kind.FEDERATION, region=_region("330522103"),
    )
    if jiapu is None:
        return
    choir = _event(
        jiapu, Event.Kind.CULTURE, "“十万职工同唱一首歌”合唱队队员选拔赛", dt.date(2019, 3, 12),
        "夹浦镇", {"participants": 106},
    )
    SelectionRound.objects.get_or_create(
        event=choir, number=1, defaults={"entrants": 106, "passed": 48, "date": dt.date(2019, 3, 12)}
    )
    _say(stdout, "  夹浦: choir selection, 106 in round 1")


def _fangtai(stdout) -> None:
    fangtai = _union_or_create(
        "宁波方太厨具有限公司工会", ["慈溪市总工会", "宁波市总工会"], stdout,
        level=Union.Level.GRASSROOTS,
        kind=Union.Kind.GRASSROOTS,
    )
    if fangtai is None:
        return
    _event(
        fangtai, Event.Kind.BLOOD_DRIVE, "“我为祖国献热血”无偿献血活动", dt.date(2019, 3, 28), "公司厂区",
        {"participants": 242, "donors": 242, "blood_volume": 80000, "stem_cell_registrations": 15,
         "thank_you_letters": 200},
    )
    _say(stdout, "  方太: blood drive 242 donors, 80000 mL, 15 stem-cell registrations, 200 letters")


def build_competitions_events_demo(stdout: TextIO | None = None) -> None:
    """Create the demo competitions, craftsman visits and events (idempotent)."""
    _say(stdout, "Competitions, craftsman services and events:")
    with transaction.atomic():
        _fenghua(stdout)
        _sanmen(stdout)
        _deqing(stdout)
        _jiapu(stdout)
        _fangtai(stdout)
