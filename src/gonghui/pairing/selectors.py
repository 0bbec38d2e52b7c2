"""Reads of the pairing context: the 三建三助 ledger of a pairing and year, overdue
commitments, the festival-gift share of consumption assistance, and the ``pairing``
report's figures over a union subtree and period.

A pairing counts for a union subtree when either paired union lies in the subtree; its
records count in the period by their own date (delegations by their first day, aid by
the aid's date, works by their date). Purchases count for the buying union's subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import Aid
from gonghui.core.reports import scalar_batch
from gonghui.core.scope import ancestor_paths, scope_path
from gonghui.orgs.models import Union
from gonghui.recuperation.selectors import trip_figures

from .models import (
    Agreement,
    Commitment,
    ConsumptionTarget,
    Delegation,
    Pairing,
    PairingAid,
    Purchase,
    Volunteer,
    Work,
)

ZERO = Decimal("0.00")
PCT = Decimal("0.01")


# ---------------------------------------------------------------- the ledger

@dataclass
class LedgerLine:
    """One line of the 三建三助 ledger: its ``key``, ``label``, ``figures`` (name ->
    number) and ``sources``, the records behind it (Work or PairingAid rows)."""

    key: str
    label: str
    figures: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)


def ledger(pairing: Pairing, year: int) -> list[LedgerLine]:
    """The 三建三助 ledger of ``pairing`` in ``year``: bases, platforms and mechanisms
    built (counts of their records), study aid (education kinds of linked aid: records,
    students, cash, goods, total CNY), hardship aid (the other kinds: records,
    households, cash, goods, total CNY), cadre training (sessions, trainees, hours)."""
    works = list(Work.objects.filter(pairing=pairing, date__year=year).order_by("date", "id"))
    links = list(
        PairingAid.objects.filter(pairing=pairing, aid__date__year=year)
        .select_related("aid", "aid__file", "delegation").order_by("aid__date", "id")
    )
    lines = []
    for key, label in ((Work.Line.BASE, _("Bases built")),
                       (Work.Line.PLATFORM, _("Platforms built")),
                       (Work.Line.MECHANISM, _("Mechanisms built"))):
        rows = [w for w in works if w.line == key]
        lines.append(LedgerLine(str(key), str(label), {"count": len(rows)}, rows))
    education = set(Aid.EDUCATION_KINDS)
    for key, label, rows in (
        ("study_aid", _("Study aid"), [a for a in links if a.aid.kind in education]),
        ("hardship_aid", _("Hardship aid"), [a for a in links if a.aid.kind not in education]),
    ):
        cash = sum((a.aid.cash for a in rows), ZERO)
        goods = sum((a.aid.goods_value for a in rows), ZERO)
        people = len({a.aid.student_name or a.aid.file_id for a in rows}) if key == "study_aid" \
            else len({a.aid.file_id for a in rows})
        lines.append(LedgerLine(key, str(label), {
            "records": len(rows), "persons": people, "cash_cny": cash,
            "goods_value_cny": goods, "total_cny": cash + goods,
        }, rows))
    training = [w for w in works if w.line == Work.Line.TRAINING]
    lines.append(LedgerLine("training", str(_("Cadre training")), {
        "sessions": len(training),
        "trainees": sum(w.trainees for w in training),
        "hours": sum((w.hours for w in training), Decimal("0.0")),
    }, training))
    return lines


def overdue_commitments(qs: QuerySet[Commitment], today: dt.date | None = None
                        ) -> QuerySet[Commitment]:
    """Open commitments (pending or in progress) of ``qs`` due before ``today``."""
    today = today or timezone.localdate()
    return qs.filter(status__in=Commitment.OPEN_STATUSES, due_on__lt=today)


# ---------------------------------------------------------------- consumption

@dataclass(frozen=True)
class FestivalShare:
    """Festival-gift spending of a union subtree in a year (CNY), the part of it spent on
    products of assisted regions, the share in percent (rounded down to 0.01, so a share
    shown as 30.00 is never below 30), the target (percent, None when unset) and whether
    the share reaches it (exact comparison)."""

    total: Decimal
    assisted: Decimal
    share: Decimal | None
    target: Decimal | None
    met: bool | None


def target_for(union: Union, year: int) -> Decimal | None:
    """The festival-gift share target (percent) of ``union`` in ``year``: the highest of
    the targets set for that year by ``union``, by a union above it, or platform-wide;
    None when none is set."""
    return ConsumptionTarget.objects.filter(
        Q(owner__isnull=True) | Q(owner__path__in=ancestor_paths(union.path)), year=year,
    ).aggregate(top=Max("festival_gift_share"))["top"]


def festival_share(union: Union, year: int) -> FestivalShare:
    """The festival-gift share of ``union``'s subtree in ``year`` against its target for
    that year (:func:`target_for`): met when assisted x 100 >= target x total."""
    sums = Purchase.objects.filter(
        union__path__startswith=union.path, date__year=year,
        channel=Purchase.Channel.FESTIVAL_GIFTS,
    ).aggregate(total=Sum("amount", default=ZERO),
                assisted=Sum("amount", filter=Q(product__pairing__isnull=False), default=ZERO))
    total, assisted = Decimal(sums["total"]), Decimal(sums["assisted"])
    target = target_for(union, year)
    share = (assisted * 100 / total).quantize(PCT, rounding=ROUND_DOWN) if total else None
    met = None
    if target is not None and total:
        met = assisted * 100 >= target * total
    return FestivalShare(total, assisted, share, target, met)


# ---------------------------------------------------------------- report

def subtree_pairings(union: Union) -> QuerySet[Pairing]:
    """Pairings with either union in ``union``'s subtree."""
    return Pairing.objects.filter(
        Q(giver__path__startswith=union.path) | Q(receiver__path__startswith=union.path)
    )


def _in(qs: QuerySet, name: str, date_from, date_to) -> QuerySet:
    if date_from:
        qs = qs.filter(**{f"{name}__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{name}__lte": date_to})
    return qs


def _num(value) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def volunteer_total(delegations: QuerySet[Delegation]) -> int:
    """Volunteers (persons) of ``delegations``: per delegation the larger of the named
    volunteers and the reported headcount (``volunteer_count``, None counting as 0),
    summed, in one query."""
    return delegations.order_by().aggregate(
        total=Coalesce(_volunteer_sum(), 0))["total"]


def _volunteer_sum() -> Sum:
    """The aggregate behind :func:`volunteer_total`, for a delegation queryset."""
    named = (Volunteer.objects.filter(delegation=OuterRef("pk")).order_by()
             .values("delegation").annotate(n=Count("id")).values("n"))
    per_delegation = Greatest(
        Coalesce(Subquery(named, output_field=IntegerField()), 0),
        Coalesce("volunteer_count", 0),
        output_field=IntegerField(),
    )
    return Sum(per_delegation, output_field=IntegerField())


def pairing_figures(
    union: Union, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> dict:
    """Figures of pairing assistance for ``union``'s subtree in a period (both ends
    inclusive, None open): pairings in force, delegations and volunteers (persons, see
    :func:`volunteer_total`), aid
    given under the pairings (cash and goods, CNY; study and hardship aid), the 三建三助
    works, commitments (open, done, overdue on ``today``), purchases of assisted products
    (CNY) and the festival-gift part of them, and the recuperation exchange (trips and
    workers sent and received). A JSON-ready dict, in three queries (one for every
    figure but the trips, :func:`gonghui.core.reports.scalar_batch`; two for the trips)."""
    today = today or timezone.localdate()
    pairings = subtree_pairings(union)
    in_force = pairings
    if date_to:
        in_force = in_force.filter(since__lte=date_to)
    if date_from:
        in_force = in_force.filter(Q(until__isnull=True) | Q(until__gte=date_from))
    delegations = _in(Delegation.objects.filter(pairing__in=pairings), "starts_on",
                      date_from, date_to)
    links = _in(PairingAid.objects.filter(pairing__in=pairings), "aid__date", date_from, date_to)
    education = list(Aid.EDUCATION_KINDS)
    works = _in(Work.objects.filter(pairing__in=pairings), "date", date_from, date_to)
    commitments = Commitment.objects.filter(agreement__pairing__in=pairings)
    purchases = _in(Purchase.objects.filter(union__path__startswith=union.path), "date",
                    date_from, date_to)
    training = Q(line=Work.Line.TRAINING)
    festival_q = Q(channel=Purchase.Channel.FESTIVAL_GIFTS)
    # Every figure below in one query (scalar subqueries), not one query each.
    f = scalar_batch({
        "pairings": (in_force, Count("id")),
        "agreements": (_in(Agreement.objects.filter(pairing__in=pairings), "signed_on",
                           date_from, date_to), Count("id")),
        "delegations": (delegations, Count("id")),
        "volunteers": (delegations, _volunteer_sum()),
        "aid_records": (links, Count("id")),
        "cash": (links, Sum("aid__cash", default=ZERO)),
        "goods": (links, Sum("aid__goods_value", default=ZERO)),
        "study": (links, Sum("aid__cash", filter=Q(aid__kind__in=education), default=ZERO)),
        "study_goods": (links, Sum("aid__goods_value", filter=Q(aid__kind__in=education),
                                   default=ZERO)),
        "bases": (works, Count("id", filter=Q(line=Work.Line.BASE))),
        "platforms": (works, Count("id", filter=Q(line=Work.Line.PLATFORM))),
        "mechanisms": (works, Count("id", filter=Q(line=Work.Line.MECHANISM))),
        "training_sessions": (works, Count("id", filter=training)),
        "trainees": (works, Sum("trainees", filter=training, default=0)),
        "training_hours": (works, Sum("hours", filter=training, default=Decimal(0))),
        "commitments": (commitments, Count("id")),
        "commitments_done": (commitments, Count("id", filter=Q(status=Commitment.Status.DONE))),
        "commitments_open": (commitments,
                             Count("id", filter=Q(status__in=Commitment.OPEN_STATUSES))),
        "commitments_overdue": (commitments, Count("id", filter=Q(
            status__in=Commitment.OPEN_STATUSES, due_on__lt=today))),
        "assisted": (purchases, Sum("amount", filter=Q(product__pairing__isnull=False),
                                    default=ZERO)),
        "festival": (purchases, Sum("amount", filter=festival_q, default=ZERO)),
        "festival_assisted": (purchases, Sum("amount", filter=festival_q & Q(
            product__pairing__isnull=False), default=ZERO)),
    })
    festival, festival_assisted = Decimal(f["festival"] or 0), Decimal(f["festival_assisted"] or 0)
    total_aid = Decimal(f["cash"] or 0) + Decimal(f["goods"] or 0)
    study = Decimal(f["study"] or 0) + Decimal(f["study_goods"] or 0)
    trips = trip_figures(union, date_from=date_from, date_to=date_to, today=today)
    return {
        "union": union.name,
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "pairings": f["pairings"] or 0,
        "agreements": f["agreements"] or 0,
        "delegations": f["delegations"] or 0,
        "volunteers": f["volunteers"] or 0,
        "aid_records": f["aid_records"] or 0,
        "aid_cash_cny": _num(f["cash"] or 0),
        "aid_goods_value_cny": _num(f["goods"] or 0),
        "study_aid_cny": _num(study),
        "hardship_aid_cny": _num(total_aid - study),
        "bases": f["bases"] or 0,
        "platforms": f["platforms"] or 0,
        "mechanisms": f["mechanisms"] or 0,
        "training_sessions": f["training_sessions"] or 0,
        "trainees": f["trainees"] or 0,
        "training_hours": _num(f["training_hours"] or 0),
        "commitments": f["commitments"] or 0,
        "commitments_done": f["commitments_done"] or 0,
        "commitments_open": f["commitments_open"] or 0,
        "commitments_overdue": f["commitments_overdue"] or 0,
        "purchases_cny": _num(f["assisted"] or 0),
        "festival_gifts_cny": _num(festival),
        "festival_gifts_assisted_cny": _num(festival_assisted),
        "festival_gift_share_pct": _num((festival_assisted * 100 / festival).quantize(
            PCT, rounding=ROUND_DOWN)) if festival else None,
        "trips_sent": trips["trips_sent"],
        "workers_sent": trips["workers_sent"],
        "trips_received": trips["trips_received"],
        "workers_received": trips["workers_received"],
    }


def pairing_brief(figures: dict) -> str:
    """One sentence of a Chinese work brief (工作简报) from :func:`pairing_figures`, e.g.
    "结对帮扶2对，派出帮扶代表团1批、志愿者22人，送去帮扶资金0元、物资折价1420元，
    采购帮扶地区产品5000元，互送职工疗休养：派出2批、接待1批。" Zero parts are left out."""
    parts = [f"结对帮扶{figures['pairings']}对"]
    if figures["delegations"]:
        parts.append(f"派出帮扶代表团{figures['delegations']}批、志愿者{figures['volunteers']}人")
    if figures["aid_cash_cny"] or figures["aid_goods_value_cny"]:
        parts.append(f"送去帮扶资金{figures['aid_cash_cny']}元、物资折价"
                     f"{figures['aid_goods_value_cny']}元")
    built = [(figures["bases"], "基地"), (figures["platforms"], "平台"),
             (figures["mechanisms"], "机制")]
    if any(n for n, _x in built):
        parts.append("建" + "、".join(f"{name}{n}个" for n, name in built if n))
    if figures["training_sessions"]:
        parts.append(f"培训干部{figures['trainees']}人次")
    if figures["purchases_cny"]:
        parts.append(f"采购帮扶地区产品{figures['purchases_cny']}元")
    if figures["trips_sent"] or figures["trips_received"]:
        parts.append(f"互送职工疗休养：派出{figures['trips_sent']}批{figures['workers_sent']}人、"
                     f"接待{figures['trips_received']}批{figures['workers_received']}人")
    return "，".join(parts) + "。"


# ---------------------------------------------------------------- administration

def manageable_pairings(user) -> QuerySet[Pairing]:
    """Pairings ``user`` may change on the admin pages: one of the two unions lies in the
    user's subtree (all for a superuser without a union; none without a scope). Seeing a
    pairing from below one of its unions is not enough."""
    path = scope_path(user)
    if path is None:
        return Pairing.objects.none()
    if path == "":
        return Pairing.objects.all()
    return Pairing.objects.filter(Q(giver__path__startswith=path)
                                  | Q(receiver__path__startswith=path))


def owned_by_scope(qs: QuerySet, user, lookup: str = "owner__path") -> QuerySet:
    """Rows of ``qs`` owned by a union of ``user``'s subtree through ``lookup`` (all for a
    superuser without a union, including the platform-wide rows without owner)."""
    path = scope_path(user)
    if path is None:
        return qs.none()
    if path == "":
        return qs
    return qs.filter(**{f"{lookup}__startswith": path})


def inherited(qs: QuerySet, union: Union | None) -> QuerySet:
    """Rows of ``qs`` (with ``owner``) set above ``union`` or platform-wide: they apply to
    the union's subtree but are not its admin's to change."""
    if union is None:
        return qs.filter(owner__isnull=True)
    above = ancestor_paths(union.path)[:-1]
    return qs.filter(Q(owner__isnull=True) | Q(owner__path__in=above))
