"""Writes of competitions and craftsman service teams: one function per action.

Every function takes keyword arguments only, checks the actor's role and that every
record it touches or links is in the actor's scope, validates its input, and either
does the whole change in one transaction or raises a
:class:`~gonghui.core.errors.DomainError` (message for the user, naming the field) and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role, User
from gonghui.core.dates import COMPETITION_YEARS, bounds_error, years_from_today
from gonghui.core.errors import DomainError, InvalidTransition, PermissionDenied
from gonghui.orgs.models import Enterprise, Region, Union, Worker
from gonghui.services import workflow
from gonghui.services.models import Item, ItemEvent, ServiceTeam, Visit

from .models import Award, Competition, CraftsmanService, Entry, Incident, KeyProject

WRITE_ROLES = (Role.OFFICER, Role.REVIEWER)

# Titles for one person, and titles for a team (工人先锋号 is a collective honour).
INDIVIDUAL_TITLES = (
    Award.Title.CHIEF_WORKER,
    Award.Title.TECHNICAL_EXPERT,
    Award.Title.MAY_DAY_MEDAL,
)
TEAM_TITLES = (Award.Title.PIONEER,)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise DomainError(message)


def _require_writer(actor: User) -> None:
    if not actor.has_role(*WRITE_ROLES):
        raise PermissionDenied(_("Your role may not record competitions or services."))


def _require_visible(model: type[models.Model], obj: models.Model | None, actor: User, label: str) -> None:
    if obj is None:
        return
    if not model._default_manager.visible_to(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied(
            _("%(field)s: this record is outside your scope.") % {"field": label}
        )


# --- key projects and competitions ---------------------------------------------------


def key_project_create(
    *, actor: User, union: Union, name: str, region: Region | None = None, owner: str = ""
) -> KeyProject:
    """Record a key project (重点工程) kept by ``union``. Raises ``DomainError`` for an
    empty or duplicate name, ``PermissionDenied`` outside the actor's scope."""
    _require_writer(actor)
    _require_visible(Union, union, actor, _("Union"))
    name = (name or "").strip()
    _require(bool(name), _("Name: a key project needs a name."))
    _require(
        not KeyProject.objects.filter(union=union, name=name).exists(),
        _("Name: %(union)s already lists a key project called %(name)s.")
        % {"union": union.name, "name": name},
    )
    return KeyProject.objects.create(union=union, name=name, region=region, owner=owner.strip())


def competition_create(
    *,
    actor: User,
    union: Union,
    kind: str,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    theme: str = "",
    parent: Competition | None = None,
    key_projects: Iterable[KeyProject] = (),
    description: str = "",
) -> Competition:
    """Record a competition organised by ``union`` over ``start_date``..``end_date``
    (inclusive), serving ``key_projects`` (each in the actor's scope)."""
    _require_writer(actor)
    _require_visible(Union, union, actor, _("Organising union"))
    _require_visible(Competition, parent, actor, _("Part of"))
    _require(kind in Competition.Kind.values, _("Kind: unknown kind of competition."))
    name = (name or "").strip()
    _require(bool(name), _("Name: a competition needs a name."))
    _require(start_date is not None and end_date is not None, _("Period: both dates are required."))
    _require(end_date >= start_date, _("End date: the competition cannot end before it starts."))
    latest = years_from_today(COMPETITION_YEARS)
    for label, day in ((_("Start date"), start_date), (_("End date"), end_date)):
        message = bounds_error(day, latest=latest)
        _require(not message, f"{label}: {message}")
    projects = list(key_projects)
    for project in projects:
        _require_visible(KeyProject, project, actor, _("Key projects"))
    with transaction.atomic():
        competition = Competition.objects.create(
            union=union,
            kind=kind,
            name=name,
            theme=theme.strip(),
            parent=parent,
            start_date=start_date,
            end_date=end_date,
            description=description,
            created_by=actor,
        )
        competition.key_projects.set(projects)
    return competition


# --- entries and ranks -----------------------------------------------------------------


def competition_ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Standard competition ranking ("1224") of ``scores``, higher is better: equal
    scores share a rank and the next rank skips as many places as were shared, e.g.
    scores 90, 90, 85 rank 1, 1, 3. ``None`` (not scored) gets no rank."""
    ranked = sorted((s for s in scores if s is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for position, score in enumerate(ranked, start=1):
        first_place.setdefault(score, position)
    return [None if s is None else first_place[s] for s in scores]


def entries_rank(*, competition: Competition) -> list[Entry]:
    """Recompute and save the ranks of every entry of ``competition`` from their scores
    (see :func:`competition_ranks`); returns the entries best first."""
    entries = list(Entry.objects.filter(competition=competition).order_by("id"))
    for entry, rank in zip(entries, competition_ranks([e.score for e in entries]), strict=True):
        entry.rank = rank
    Entry.objects.bulk_update(entries, ["rank"])
    return sorted(entries, key=lambda e: (e.rank is None, e.rank or 0, e.id))


def _check_score(score: Decimal | None) -> None:
    if score is not None:
        _require(score >= 0, _("Score: a score cannot be negative."))


def entry_add(
    *,
    actor: User,
    competition: Competition,
    worker: Worker | None = None,
    team_name: str = "",
    enterprise: Enterprise | None = None,
    persons: int = 1,
    score: Decimal | None = None,
) -> Entry:
    """Add an entrant (a worker, or a team named ``team_name``) to ``competition`` and
    re-rank. ``persons`` (>= 1) counts participant-times. Raises ``DomainError`` when
    neither or both of worker and team name are given."""
    _require_writer(actor)
    _require_visible(Competition, competition, actor, _("Competition"))
    _require_visible(Worker, worker, actor, _("Worker"))
    _require_visible(Enterprise, enterprise, actor, _("Enterprise"))
    team_name = (team_name or "").strip()
    _require(
        (worker is None) != (not team_name),
        _("Entrant: give either a worker or a team name, not both and not neither."),
    )
    _require(persons is not None and persons >= 1, _("Persons: at least 1."))
    _require(worker is None or persons == 1, _("Persons: an individual entry stands for 1 person."))
    _check_score(score)
    with transaction.atomic():
        entry = Entry.objects.create(
            competition=competition,
            worker=worker,
            team_name=team_name,
            enterprise=enterprise or (worker.enterprise if worker else None),
            persons=persons,
            score=score,
        )
        entries_rank(competition=competition)
        entry.refresh_from_db()
    return entry


def entry_set_score(*, actor: User, entry: Entry, score: Decimal | None) -> Entry:
    """Set (or clear, with ``None``) an entry's score and re-rank its competition."""
    _require_writer(actor)
    _require_visible(Entry, entry, actor, _("Entry"))
    _check_score(score)
    with transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(score=score)
        entries_rank(competition=entry.competition)
    entry.refresh_from_db()
    return entry


# --- incidents and awards (一票否决) ----------------------------------------------------


def incident_record(
    *,
    actor: User,
    union: Union,
    kind: str,
    date: dt.date,
    description: str,
    enterprise: Enterprise | None = None,
    worker: Worker | None = None,
) -> Incident:
    """Record a safety or quality incident of a worker or an enterprise (at least one)."""
    _require_writer(actor)
    _require_visible(Union, union, actor, _("Union"))
    _require_visible(Enterprise, enterprise, actor, _("Enterprise"))
    _require_visible(Worker, worker, actor, _("Worker"))
    _require(kind in Incident.Kind.values, _("Kind: an incident is a safety or a quality incident."))
    _require(date is not None, _("Date: required."))
    _require(date <= timezone.localdate(), _("Date: an incident cannot be in the future."))
    _require(enterprise is not None or worker is not None, _("Whose incident: give a worker or an enterprise."))
    _require(bool((description or "").strip()), _("Description: say what happened."))
    return Incident.objects.create(
        union=union,
        kind=kind,
        date=date,
        enterprise=enterprise,
        worker=worker,
        description=description.strip(),
        created_by=actor,
    )


def barring_incidents(entry: Entry) -> models.QuerySet[Incident]:
    """Incidents that bar ``entry`` from awards (一票否决): a safety or quality incident
    of the entrant worker, of the entry's enterprise or of the worker's enterprise, dated
    within the competition's period. Not limited to the actor's scope: an incident
    recorded by any union counts."""
    competition = entry.competition
    whose = Q(pk__in=[])
    if entry.worker_id:
        whose |= Q(worker_id=entry.worker_id)
    enterprises = {e for e in (entry.enterprise_id, entry.worker and entry.worker.enterprise_id) if e}
    if enterprises:
        whose |= Q(enterprise_id__in=enterprises)
    return Incident.objects.filter(
        whose, date__gte=competition.start_date, date__lte=competition.end_date
    )


def award_grant(
    *, actor: User, entry: Entry, title: str, awarded_on: dt.date | None = None
) -> Award:
    """Give ``entry`` an award or title.

    Rules: chief worker, technical expert and May Day medal go to a worker's entry,
    工人先锋号 to a team's; the same title once per entry; and 一票否决: a safety or
    quality incident of the entrant (or its enterprise) within the competition's period
    bars every award. Raises ``DomainError`` (naming the incident) and saves nothing.
    """
    _require_writer(actor)
    _require_visible(Entry, entry, actor, _("Entry"))
    _require(title in Award.Title.values, _("Title: unknown award."))
    label = Award.Title(title).label
    if title in INDIVIDUAL_TITLES:
        _require(entry.worker_id is not None, _("Title: %(title)s goes to a worker, not a team.") % {"title": label})
    else:
        _require(entry.worker_id is None, _("Title: %(title)s goes to a team, not one worker.") % {"title": label})
    awarded_on = awarded_on or timezone.localdate()
    with transaction.atomic():
        incident = barring_incidents(entry).order_by("date", "id").first()
        if incident is not None:
            raise DomainError(
                _(
                    "One-vote veto: %(entrant)s cannot receive %(title)s because of a "
                    "%(kind)s on %(date)s within the competition's period."
                )
                % {
                    "entrant": entry.entrant_name,
                    "title": label,
                    "kind": incident.get_kind_display(),
                    "date": incident.date.isoformat(),
                }
            )
        _require(
            not Award.objects.filter(entry=entry, title=title).exists(),
            _("Title: %(entrant)s already holds %(title)s in this competition.")
            % {"entrant": entry.entrant_name, "title": label},
        )
        return Award.objects.create(entry=entry, title=title, awarded_on=awarded_on, created_by=actor)


# --- craftsman service teams ---------------------------------------------------------


def team_set_experts(*, actor: User, team: ServiceTeam, experts: Iterable[Worker]) -> ServiceTeam:
    """Set the expert members (model workers and craftsmen, each with a title) of a
    craftsman service team."""
    _require_writer(actor)
    _require_visible(ServiceTeam, team, actor, _("Team"))
    _require(team.kind == ServiceTeam.Kind.CRAFTSMAN, _("Team: only a craftsman service team has experts."))
    experts = list(experts)
    for worker in experts:
        _require_visible(Worker, worker, actor, _("Experts"))
        _require(
            bool(worker.title),
            _("Experts: %(name)s has no model-worker or craftsman title.") % {"name": worker.name},
        )
    team.experts.set(experts)
    return team


@dataclass(frozen=True)
class SessionSpec:
    """One session of a craftsman visit: ``topic`` (CraftsmanService.Topic), attendees
    (persons, >= 0), hours (> 0), the experts who led it (members of the team)."""

    topic: str
    attendees: int
    hours: Decimal
    detail: str = ""
    feedback: str = ""
    experts: tuple[Worker, ...] = field(default_factory=tuple)


def craftsman_visit_record(
    *,
    actor: User,
    team: ServiceTeam,
    enterprise: Enterprise,
    date: dt.date,
    sessions: Sequence[SessionSpec],
    notes: str = "",
    resolves: Item | None = None,
    item_version: int | None = None,
) -> Visit:
    """Record a craftsman service team's visit to ``enterprise`` as a 三服务 visit with its
    sessions (welding guidance, electrical-safety training, ...).

    With ``resolves``, the visit also resolves that item (a training need found on an
    earlier visit) through :func:`gonghui.services.workflow.item_resolve`: the item must
    be in progress and at ``item_version`` (default its current version); its resolve
    event on the timeline carries the visit (``data["craftsman_visit"]``). Any refusal
    raises ``DomainError`` and records nothing, neither the visit nor the resolution.
    """
    _require_writer(actor)
    _require_visible(ServiceTeam, team, actor, _("Team"))
    _require(team.kind == ServiceTeam.Kind.CRAFTSMAN, _("Team: choose a craftsman service team."))
    _require_visible(Enterprise, enterprise, actor, _("Enterprise"))
    _require(date is not None, _("Date: required."))
    _require(date <= timezone.localdate(), _("Date: a visit cannot be recorded in the future."))
    _require(len(sessions) >= 1, _("Sessions: record at least one session of the visit."))
    team_experts = set(team.experts.values_list("pk", flat=True))
    for session in sessions:
        _require(session.topic in CraftsmanService.Topic.values, _("Topic: unknown topic."))
        _require(session.attendees is not None and session.attendees >= 0, _("Attendees: cannot be negative."))
        _require(session.hours is not None and session.hours > 0, _("Hours: must be more than 0."))
        for expert in session.experts:
            _require(
                expert.pk in team_experts,
                _("Experts: %(name)s is not an expert member of %(team)s.")
                % {"name": expert.name, "team": team.name},
            )
    if resolves is not None:
        if not Item.objects.visible_to(actor).filter(pk=resolves.pk).exists():
            raise PermissionDenied(_("Item: this item does not exist or is outside your scope."))
        current = Item.objects.get(pk=resolves.pk)
        if current.status != Item.Status.IN_PROGRESS:
            raise InvalidTransition(
                _("Item: only an item in progress can be resolved by a visit; this one is %(status)s.")
                % {"status": current.get_status_display()}
            )
    with transaction.atomic():
        visit = Visit.objects.create(
            union=team.union,
            campaign=team.campaign,
            team=team,
            date=date,
            target_type=Visit.TargetType.ENTERPRISE,
            enterprise=enterprise,
            notes=notes,
            created_by=actor,
        )
        visit.visitors.add(actor)
        rows = []
        for session in sessions:
            row = CraftsmanService.objects.create(
                visit=visit,
                topic=session.topic,
                detail=session.detail.strip(),
                attendees=session.attendees,
                hours=session.hours,
                feedback=session.feedback.strip(),
            )
            row.experts.set(session.experts)
            rows.append(row)
        if resolves is not None:
            topics = "、".join(str(r.get_topic_display()) for r in rows)
            resolution = _(
                "Resolved by the craftsman service visit of %(team)s to %(enterprise)s on "
                "%(date)s (%(topics)s)."
            ) % {"team": team.name, "enterprise": enterprise.name, "date": date.isoformat(), "topics": topics}
            item = workflow.item_resolve(
                item=resolves,
                actor=actor,
                version=item_version if item_version is not None else current.version,
                resolution=resolution,
            )
            event = ItemEvent.objects.filter(item=item, action="resolve").latest("id")
            event.data = {
                "craftsman_visit": visit.pk,
                "team": team.name,
                "enterprise": enterprise.name,
                "date": date.isoformat(),
                "topics": [r.topic for r in rows],
                "attendees": sum(r.attendees for r in rows),
            }
            event.save(update_fields=["data"])
    return visit
