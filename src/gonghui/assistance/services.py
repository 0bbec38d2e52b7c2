"""Writes of the assistance context: one function per write, keyword-only arguments.

Every function checks the actor's role and scope (``actor=None`` is the system itself:
the command line, imports run by an operator, the demo), validates its input and raises a
:class:`~gonghui.core.errors.DomainError` that changes nothing; status changes lock the file,
compare the version the actor saw and append a :class:`FileEvent` in the same transaction.

Status machine of a hardship file::

    applied  -> in_file (建档: needs a severity)        | cancelled (reason)
    in_file  -> lifted (解困) | exited (脱困) | safety_net (兜底) | cancelled (注销, reason)
    in_file  -> in_file   (annual review 年度复核; sudden-hardship decision)
    lifted | exited -> in_file (返困: relapse re-opens the same file)

Severity (GLOSSARY.md): per-capita monthly income below 1x the local subsistence line
(低保) is *deep*, below 2x *relative*; *sudden* (意外致困) is the officer's decision with a
reason and stands whatever the income. Per-capita monthly income is
``(yearly income - unavoidable medical and education expenses) / 12 / household size``,
never below zero, rounded half-up to the fen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import Role, User
from gonghui.core.dates import EARLIEST_DATE
from gonghui.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from gonghui.core.transitions import Transition
from gonghui.orgs.models import Region, Union, Worker
from gonghui.orgs.validators import validate_id_number, validate_phone
from gonghui.services.models import Visit

from .crypto import blind_index, normalise_identifier
from .models import (
    ZERO,
    Aid,
    AidGoodsLine,
    Cause,
    FileEvent,
    HardshipFile,
    HouseholdMember,
    SensitiveAccessLog,
    SubsistenceLine,
)

log = logging.getLogger(__name__)
S = HardshipFile.Status
SV = HardshipFile.Severity
CENT = Decimal("0.01")

RECORD_ROLES = (Role.OFFICER, Role.REVIEWER)  # register, edit, review, record aid, sudden
DECIDE_ROLES = (Role.REVIEWER,)  # admit to file, lift, exit, safety net, cancel, relapse
REVEAL_ROLES = (Role.REVIEWER, Role.LEADER)  # see a sensitive value in full
LINE_ROLES = (Role.ADMIN, Role.REVIEWER, Role.LEADER)  # keep subsistence lines


class AlreadyFiled(Conflict):
    """The identity number is in an open file already. ``file_id`` is that file's id only
    when the actor may see it (else None: another union's file is never described)."""

    def __init__(self, message: str, file_id: int | None = None):
        super().__init__(message)
        self.file_id = file_id


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("admit", frozenset({S.APPLIED}), S.IN_FILE, DECIDE_ROLES),
        Transition("lift", frozenset({S.IN_FILE}), S.LIFTED, DECIDE_ROLES),
        Transition("exit", frozenset({S.IN_FILE}), S.EXITED, DECIDE_ROLES),
        Transition("safety_net", frozenset({S.IN_FILE}), S.SAFETY_NET, DECIDE_ROLES),
        Transition("cancel", frozenset({S.APPLIED, S.IN_FILE}), S.CANCELLED, DECIDE_ROLES),
        Transition("relapse", frozenset({S.LIFTED, S.EXITED}), S.IN_FILE, DECIDE_ROLES),
        Transition("review", frozenset({S.IN_FILE}), S.IN_FILE, RECORD_ROLES),
        Transition("sudden", frozenset({S.APPLIED, S.IN_FILE}), "", RECORD_ROLES),
    ]
}

ACTION_LABELS = {
    "register": gettext_lazy("registered"),
    "update": gettext_lazy("details updated"),
    "admit": gettext_lazy("filed"),
    "lift": gettext_lazy("lifted out of hardship"),
    "exit": gettext_lazy("exited"),
    "safety_net": gettext_lazy("passed to the state safety net"),
    "cancel": gettext_lazy("cancelled"),
    "relapse": gettext_lazy("relapsed and re-opened"),
    "review": gettext_lazy("annual review"),
    "sudden": gettext_lazy("sudden hardship decided"),
    "member_add": gettext_lazy("member added"),
    "member_remove": gettext_lazy("member removed"),
    "aid": gettext_lazy("aid recorded"),
    "import": gettext_lazy("imported"),
}


# ---------------------------------------------------------------- pure rules

def money(value, field: str) -> Decimal:
    """``value`` as a non-negative Decimal rounded to the fen; DomainError naming ``field``."""
    if value is None or value == "":
        return ZERO
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise DomainError(_("%(field)s: not an amount of money.") % {"field": field}) from None
    if amount < 0:
        raise DomainError(_("%(field)s: must not be negative.") % {"field": field})
    return amount


def per_capita_monthly_income(
    *, yearly_income: Decimal, medical_expenses: Decimal, education_expenses: Decimal,
    household_size: int,
) -> Decimal:
    """(yearly income - unavoidable expenses) / 12 / household size, >= 0, to the fen (CNY)."""
    if household_size < 1:
        raise DomainError(_("Household size: must be at least 1."))
    net = max(yearly_income - medical_expenses - education_expenses, ZERO)
    return (net / 12 / household_size).quantize(CENT, rounding=ROUND_HALF_UP)


def severity_for(per_capita: Decimal, line: Decimal | None) -> str:
    """``deep`` below 1x the line, ``relative`` below 2x, else "" (also when no line is known)."""
    if line is None:
        return SV.NONE
    if per_capita < line:
        return SV.DEEP
    if per_capita < 2 * line:
        return SV.RELATIVE
    return SV.NONE


def subsistence_line_for(region: Region | None, year: int) -> Decimal | None:
    """The subsistence line (CNY/person/month) of ``region`` in ``year``, from the region
    itself or its nearest ancestor that has one; None when none is kept."""
    seen = 0
    while region is not None and seen < 6:
        line = SubsistenceLine.objects.filter(region=region, year=year).values_list(
            "amount", flat=True
        ).first()
        if line is not None:
            return line
        region = region.parent
        seen += 1
    return None


def _normalise_causes(primary: str, secondary: Iterable[str]) -> tuple[str, str]:
    if primary not in Cause.values:
        raise DomainError(_("Primary cause: choose one of the listed causes."))
    codes: list[str] = []
    for code in secondary or ():
        if code not in Cause.values:
            raise DomainError(_("Secondary causes: '%(code)s' is not a cause.") % {"code": code})
        if code != primary and code not in codes:
            codes.append(code)
    if len(codes) > 3:
        raise DomainError(_("Secondary causes: at most three."))
    return primary, ("," + ",".join(codes) + ",") if codes else ""


def _check_id(value: str, field: str) -> str:
    try:
        return validate_id_number(normalise_identifier(value))
    except ValidationError as exc:
        raise DomainError(f"{field}: {exc.messages[0]}") from None


def _scope_ok(actor: User | None, union: Union) -> bool:
    return actor is None or Union.objects.visible_to(actor).filter(pk=union.pk).exists()


def _require_role(actor: User | None, roles: Sequence[str], message: str) -> None:
    if actor is not None and not actor.has_role(*roles):
        raise PermissionDenied(message)


def _recompute(file: HardshipFile) -> None:
    """Per-capita income, the line of the file's region and year, and severity (a sudden
    decision stands)."""
    file.per_capita_income = per_capita_monthly_income(
        yearly_income=file.yearly_income,
        medical_expenses=file.medical_expenses,
        education_expenses=file.education_expenses,
        household_size=file.household_size,
    )
    region = file.region or file.union.region
    year = (file.last_reviewed_on or file.applied_on).year
    file.subsistence_line = subsistence_line_for(region, year)
    if file.severity != SV.SUDDEN:
        file.severity = severity_for(file.per_capita_income, file.subsistence_line)


def open_file_conflict(id_hash: str, *, exclude_file_id: int | None = None) -> HardshipFile | None:
    """The open file whose head or member has this identity-number hash, if any (system-wide)."""
    if not id_hash:
        return None
    heads = HardshipFile.objects.filter(head_id_hash=id_hash, status__in=HardshipFile.OPEN_STATUSES)
    members = HardshipFile.objects.filter(
        members__id_hash=id_hash, status__in=HardshipFile.OPEN_STATUSES
    )
    if exclude_file_id is not None:
        heads = heads.exclude(pk=exclude_file_id)
        members = members.exclude(pk=exclude_file_id)
    return heads.first() or members.first()


def already_filed_error(actor: User | None, other: HardshipFile) -> AlreadyFiled:
    """The duplicate message: names the file only when ``actor`` may see it."""
    if actor is None or HardshipFile.objects.visible_to(actor).filter(pk=other.pk).exists():
        return AlreadyFiled(
            _("This identity number is already in open hardship file %(pk)s.") % {"pk": other.pk},
            other.pk,
        )
    return AlreadyFiled(
        _("This identity number is already in an open hardship file kept by another union.")
    )


def _event(file: HardshipFile, actor: User | None, action: str, frm: str, to: str,
           note: str = "", data: dict | None = None) -> FileEvent:
    return FileEvent.objects.create(
        file=file, actor=actor, action=action, from_status=frm, to_status=to, note=note,
        data=data or {},
    )


# ---------------------------------------------------------------- subsistence lines

def subsistence_line_set(
    *, actor: User | None, region: Region, year: int, amount, source: str = ""
) -> SubsistenceLine:
    """Create or change the subsistence line of ``region`` in ``year`` (CNY/person/month).
    Files keep the line they were computed with until they are edited or reviewed."""
    _require_role(actor, LINE_ROLES, _("Your role may not keep subsistence lines."))
    value = money(amount, _("Subsistence line"))
    if value <= 0:
        raise DomainError(_("Subsistence line: must be more than zero."))
    if not 1990 <= int(year) <= 2100:
        raise DomainError(_("Year: not a plausible year."))
    line, _created = SubsistenceLine.objects.update_or_create(
        region=region, year=int(year), defaults={"amount": value, "source": source}
    )
    return line


# ---------------------------------------------------------------- files

def file_register(
    *,
    actor: User | None,
    union: Union,
    head_name: str,
    head_id_number: str,
    primary_cause: str,
    secondary_causes: Sequence[str] = (),
    household_size: int = 1,
    monthly_income=ZERO,
    yearly_income=None,
    medical_expenses=ZERO,
    education_expenses=ZERO,
    applied_on: dt.date | None = None,
    head_phone: str = "",
    bank_card: str = "",
    health: str = "",
    employer: str = "",
    address: str = "",
    region: Region | None = None,
    worker: Worker | None = None,
    notes: str = "",
) -> HardshipFile:
    """Register a household's application (status ``applied``) kept by ``union``.

    Amounts are CNY; ``yearly_income`` defaults to 12 x ``monthly_income``. Raises
    ``PermissionDenied`` (role, or union outside scope), ``DomainError`` naming the field
    for bad input, ``AlreadyFiled`` when the identity number is in any open file anywhere
    (the message describes another union's file not at all).
    """
    _require_role(actor, RECORD_ROLES, _("Your role may not register hardship files."))
    if not _scope_ok(actor, union):
        raise PermissionDenied(_("That union is outside your scope."))
    name = (head_name or "").strip()
    if not name:
        raise DomainError(_("Head of household: required."))
    id_number = _check_id(head_id_number, _("Identity number"))
    primary, secondary = _normalise_causes(primary_cause, secondary_causes)
    monthly = money(monthly_income, _("Household monthly income"))
    yearly = _check_incomes(monthly, yearly_income)
    if worker is not None and actor is not None and not Worker.objects.visible_to(actor).filter(
        pk=worker.pk
    ).exists():
        raise PermissionDenied(_("That worker is outside your scope."))
    file = HardshipFile(
        union=union,
        region=region,
        worker=worker,
        head_name=name,
        head_id_number=id_number,
        head_id_hash=blind_index(id_number),
        head_phone=check_phone(head_phone),
        bank_card=normalise_identifier(bank_card),
        health=(health or "").strip(),
        employer=(employer or "").strip(),
        address=(address or "").strip(),
        household_size=int(household_size or 1),
        primary_cause=primary,
        secondary_causes=secondary,
        monthly_income=monthly,
        yearly_income=yearly,
        medical_expenses=money(medical_expenses, _("Medical expenses")),
        education_expenses=money(education_expenses, _("Education expenses")),
        applied_on=(timezone.localdate() if applied_on is None
                    else check_date(applied_on, _("Applied on"))),
        notes=notes,
        created_by=actor,
    )
    _recompute(file)
    with transaction.atomic():
        other = open_file_conflict(file.head_id_hash)
        if other is not None:
            raise already_filed_error(actor, other)
        try:
            with transaction.atomic():
                file.save()
        except IntegrityError:
            raise AlreadyFiled(
                _("This identity number is already in an open hardship file kept by another union.")
            ) from None
        _event(file, actor, "register", "", file.status)
    log.debug("hardship file %s registered by user %s", file.pk, getattr(actor, "pk", None))
    return file


def _locked(file: HardshipFile | int, actor: User | None) -> HardshipFile:
    pk = file.pk if isinstance(file, HardshipFile) else file
    qs = HardshipFile.objects.all() if actor is None else HardshipFile.objects.visible_to(actor)
    locked = qs.select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise PermissionDenied(_("This file does not exist or is outside your scope."))
    return locked


def _transition(
    *, file, actor, version, action, note="", changes=None, check=None, data=None
) -> HardshipFile:
    spec = TRANSITIONS[action]
    with transaction.atomic():
        locked = _locked(file, actor)
        _require_role(
            actor, spec.roles,
            _("Your role may not do this: %(action)s.") % {"action": ACTION_LABELS[action]},
        )
        if version is not None and locked.version != version:
            raise Conflict(
                _("Someone else changed this file (now %(status)s) since you opened it. "
                  "Reload the page; nothing was saved.")
                % {"status": locked.get_status_display()}
            )
        if locked.status not in spec.sources:
            raise InvalidTransition(
                _("A file that is %(status)s cannot be %(action)s.")
                % {"status": locked.get_status_display(), "action": ACTION_LABELS[action]}
            )
        if check is not None:
            check(locked)
        old = locked.status
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        if spec.target:
            locked.status = spec.target
        _recompute(locked)
        locked.version += 1
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise AlreadyFiled(
                _("This identity number is already in an open hardship file kept by another union.")
            ) from None
        _event(locked, actor, action, old, locked.status, note, data)
    log.debug("hardship file %s: %s by user %s", locked.pk, action, getattr(actor, "pk", None))
    return locked


def check_phone(value: str) -> str:
    """The phone number ``value`` normalised by
    :func:`~gonghui.orgs.validators.validate_phone` ("" for none); DomainError
    "Phone: ..." when it is not a phone number."""
    try:
        return validate_phone(value)
    except ValidationError as exc:
        raise DomainError(f"{_('Phone')}: {exc.messages[0]}") from None


def income_disagreement(monthly: Decimal | None, yearly: Decimal | None) -> Decimal | None:
    """12 x ``monthly`` (CNY) when a household's monthly and yearly incomes, both given,
    disagree: the yearly income is under half or over double 12 x the monthly (a slip of
    a digit or a monthly figure typed as yearly, not a season's variation); None when
    they agree, when one is missing, or when the monthly is zero (no regular monthly
    income: the yearly figure stands alone). Exactly half or double agree."""
    if monthly is None or yearly is None or Decimal(monthly) <= 0:
        return None
    twelve = (Decimal(monthly) * 12).quantize(CENT)
    if Decimal(yearly) * 2 < twelve or Decimal(yearly) > twelve * 2:
        return twelve
    return None


def income_disagreement_message(twelve: Decimal) -> str:
    """The reason given when :func:`income_disagreement` found 12 x monthly = ``twelve``."""
    return _("does not agree with the monthly income: 12 × the monthly income is "
             "%(twelve)s CNY, and the yearly income must lie between half and double "
             "that.") % {"twelve": twelve}


def _check_incomes(monthly: Decimal, yearly_income) -> Decimal:
    """The yearly income (CNY): 12 x ``monthly`` when not given; DomainError when given and
    it disagrees with the monthly (:func:`income_disagreement`)."""
    if yearly_income in (None, ""):
        return monthly * 12
    yearly = money(yearly_income, _("Household yearly income"))
    twelve = income_disagreement(monthly, yearly)
    if twelve is not None:
        raise DomainError(f"{_('Household yearly income')}: "
                          f"{income_disagreement_message(twelve)}")
    return yearly


# EARLIEST_DATE (core.dates) is the earliest date the assistance ledgers accept: an
# aid's date; a file's application, review, filing or closing date.


def date_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``day`` cannot be the date of an assistance record (after ``today``, by default
    the local date, or before :data:`EARLIEST_DATE`), or None when it can."""
    if day > (today or timezone.localdate()):
        return _("lies in the future.")
    if day < EARLIEST_DATE:
        return _("before %(first)s; check the year.") % {"first": EARLIEST_DATE.isoformat()}
    return None


def check_date(day: dt.date | None, label: str) -> dt.date:
    """``day`` when :func:`date_problem` finds none; DomainError "<label>: <why>" otherwise
    (and "<label>: required." for None)."""
    if day is None:
        raise DomainError(_("%(field)s: required.") % {"field": label})
    problem = date_problem(day)
    if problem:
        raise DomainError(f"{label}: {problem}")
    return day


def _today(day: dt.date | None) -> dt.date:
    """``day`` checked by :func:`check_date`, or today when None."""
    return timezone.localdate() if day is None else check_date(day, _("Date"))


def file_admit(*, file, actor: User | None, version: int | None, on: dt.date | None = None,
               note: str = "") -> HardshipFile:
    """建档: an application becomes a file in force. Refused (DomainError) when the file has
    no severity: per-capita income at or above twice the line, or no line kept."""

    def check(locked: HardshipFile) -> None:
        _recompute(locked)
        if not locked.severity:
            if locked.subsistence_line is None:
                raise DomainError(_("No subsistence line is kept for this region and year."))
            raise DomainError(
                _("Per-capita income %(pc)s is not below twice the subsistence line %(line)s; "
                  "only a sudden-hardship decision can file this household.")
                % {"pc": locked.per_capita_income, "line": locked.subsistence_line}
            )

    return _transition(file=file, actor=actor, version=version, action="admit", note=note,
                       changes={"filed_on": _today(on)}, check=check)


def file_lift(*, file, actor, version, on=None, note="") -> HardshipFile:
    """解困: the household is lifted out of hardship (file closed)."""
    return _transition(file=file, actor=actor, version=version, action="lift", note=note,
                       changes={"closed_on": _today(on)})


def file_exit(*, file, actor, version, on=None, note="") -> HardshipFile:
    """脱困: the household has left hardship (file closed)."""
    return _transition(file=file, actor=actor, version=version, action="exit", note=note,
                       changes={"closed_on": _today(on)})


def file_to_safety_net(*, file, actor, version, on=None, note="") -> HardshipFile:
    """兜底: passed to the state safety net (file closed)."""
    return _transition(file=file, actor=actor, version=version, action="safety_net", note=note,
                       changes={"closed_on": _today(on)})


def file_cancel(*, file, actor, version, reason: str, on=None, note="") -> HardshipFile:
    """注销 with ``reason`` one of moved, retired, deceased, reassessed."""
    if reason not in HardshipFile.CancelReason.values or not reason:
        raise DomainError(_("Reason for cancellation: choose moved, retired, deceased or re-assessed."))
    return _transition(file=file, actor=actor, version=version, action="cancel", note=note,
                       changes={"closed_on": _today(on), "cancel_reason": reason},
                       data={"reason": reason})


def file_relapse(*, file, actor, version, on=None, note="") -> HardshipFile:
    """返困: a lifted or exited household falls back; the same file is re-opened (in file).
    Refused with AlreadyFiled when the ID number is meanwhile in another open file."""

    def check(locked: HardshipFile) -> None:
        other = open_file_conflict(locked.head_id_hash, exclude_file_id=locked.pk)
        if other is not None:
            raise already_filed_error(actor, other)

    return _transition(file=file, actor=actor, version=version, action="relapse", note=note,
                       changes={"closed_on": None, "last_reviewed_on": _today(on)}, check=check)


def file_review(
    *, file, actor, version, reviewed_on: dt.date | None = None, note: str = "",
    yearly_income=None, monthly_income=None, medical_expenses=None, education_expenses=None,
    household_size: int | None = None,
) -> HardshipFile:
    """年度复核: record the annual review, optionally with new figures (CNY); the severity
    is recomputed against the line of the review year."""
    changes: dict = {"last_reviewed_on": _today(reviewed_on)}
    if monthly_income is not None:
        changes["monthly_income"] = money(monthly_income, _("Household monthly income"))
    if yearly_income is not None:
        changes["yearly_income"] = money(yearly_income, _("Household yearly income"))
    if medical_expenses is not None:
        changes["medical_expenses"] = money(medical_expenses, _("Medical expenses"))
    if education_expenses is not None:
        changes["education_expenses"] = money(education_expenses, _("Education expenses"))
    if household_size is not None:
        if household_size < 1:
            raise DomainError(_("Household size: must be at least 1."))
        changes["household_size"] = household_size
    return _transition(file=file, actor=actor, version=version, action="review", note=note,
                       changes=changes)


def file_mark_sudden(*, file, actor, version, reason: str) -> HardshipFile:
    """意外致困: the officer decides the household is in sudden hardship; ``reason`` required."""
    if not (reason or "").strip():
        raise DomainError(_("Reason for sudden hardship: required."))
    return _transition(file=file, actor=actor, version=version, action="sudden",
                       note=reason.strip(),
                       changes={"severity": SV.SUDDEN, "sudden_reason": reason.strip()})


def file_update(
    *, file, actor: User | None, version: int | None, head_name: str, primary_cause: str,
    secondary_causes: Sequence[str] = (), household_size: int = 1, monthly_income=ZERO,
    yearly_income=None, medical_expenses=ZERO, education_expenses=ZERO, head_phone: str = "",
    bank_card: str = "", health: str = "", employer: str = "", address: str = "", notes: str = "",
) -> HardshipFile:
    """Change the details of an open file (not its ID number, union or status); severity is
    recomputed. DomainError naming the field for bad input; Conflict on a stale version."""
    _require_role(actor, RECORD_ROLES, _("Your role may not edit hardship files."))
    if not (head_name or "").strip():
        raise DomainError(_("Head of household: required."))
    primary, secondary = _normalise_causes(primary_cause, secondary_causes)
    monthly = money(monthly_income, _("Household monthly income"))
    changes = {
        "head_name": head_name.strip(),
        "primary_cause": primary,
        "secondary_causes": secondary,
        "household_size": int(household_size or 1),
        "monthly_income": monthly,
        "yearly_income": _check_incomes(monthly, yearly_income),
        "medical_expenses": money(medical_expenses, _("Medical expenses")),
        "education_expenses": money(education_expenses, _("Education expenses")),
        "head_phone": head_phone or "",
        "bank_card": normalise_identifier(bank_card),
        "health": (health or "").strip(),
        "employer": (employer or "").strip(),
        "address": (address or "").strip(),
        "notes": notes,
    }
    if changes["household_size"] < 1:
        raise DomainError(_("Household size: must be at least 1."))
    with transaction.atomic():
        locked = _locked(file, actor)
        if version is not None and locked.version != version:
            raise Conflict(_("Someone else changed this file since you opened it. "
                             "Reload the page; nothing was saved."))
        if not locked.is_open:
            raise InvalidTransition(_("Only an open file can be edited."))
        if changes["head_phone"] != locked.head_phone:  # a stored number stays as it is
            changes["head_phone"] = check_phone(changes["head_phone"])
        for field, value in changes.items():
            setattr(locked, field, value)
        _recompute(locked)
        locked.version += 1
        locked.save()
        _event(locked, actor, "update", locked.status, locked.status)
    return locked


def member_add(
    *, file, actor: User | None, name: str, relation: str, id_number: str = "",
    health: str = "", monthly_income=ZERO, school_or_work: str = "",
) -> HouseholdMember:
    """Add a household member; an ID number already in another open file is refused with
    AlreadyFiled. The household size becomes at least 1 + the number of members."""
    _require_role(actor, RECORD_ROLES, _("Your role may not edit hardship files."))
    if not (name or "").strip():
        raise DomainError(_("Name: required."))
    if relation not in HouseholdMember.Relation.values:
        raise DomainError(_("Relation: choose one of the listed relations."))
    number = _check_id(id_number, _("Identity number")) if (id_number or "").strip() else ""
    income = money(monthly_income, _("Monthly income"))
    with transaction.atomic():
        locked = _locked(file, actor)
        if not locked.is_open:
            raise InvalidTransition(_("Only an open file can be edited."))
        id_hash = blind_index(number) if number else ""
        if id_hash:
            if id_hash == locked.head_id_hash or locked.members.filter(id_hash=id_hash).exists():
                raise DomainError(_("Identity number: already in this household."))
            other = open_file_conflict(id_hash, exclude_file_id=locked.pk)
            if other is not None:
                raise already_filed_error(actor, other)
        member = HouseholdMember.objects.create(
            file=locked, name=name.strip(), relation=relation, id_number=number, id_hash=id_hash,
            health=(health or "").strip(), monthly_income=income,
            school_or_work=(school_or_work or "").strip(),
        )
        locked.household_size = max(locked.household_size, 1 + locked.members.count())
        _recompute(locked)
        locked.version += 1
        locked.save()
        _event(locked, actor, "member_add", locked.status, locked.status,
               data={"member": member.pk})
    return member


def member_remove(*, member: HouseholdMember, actor: User | None) -> None:
    """Remove a household member from an open file (the household size is kept)."""
    _require_role(actor, RECORD_ROLES, _("Your role may not edit hardship files."))
    with transaction.atomic():
        locked = _locked(member.file_id, actor)
        if not locked.is_open:
            raise InvalidTransition(_("Only an open file can be edited."))
        HouseholdMember.objects.filter(pk=member.pk, file=locked).delete()
        locked.version += 1
        locked.save()
        _event(locked, actor, "member_remove", locked.status, locked.status,
               data={"member": member.pk})


# ---------------------------------------------------------------- aid

@dataclass(frozen=True)
class GoodsLine:
    """One line of goods: ``value`` is the line's total in CNY."""

    name: str
    quantity: Decimal
    unit: str
    value: Decimal



#: The statuses of a file that may receive aid, for the web form and the importer alike:
#: an open file, applied (已申请: urgent aid need not wait for the review) or in file.
AID_FILE_STATUSES = HardshipFile.OPEN_STATUSES

#: What an education aid (助学) needs besides cash or goods, for the web form and the
#: importer alike: the student, the school and the grade.
EDUCATION_AID_FIELDS = ("student_name", "school", "grade")


def education_aid_missing(kind: str, **values: str) -> list[str]:
    """The names among :data:`EDUCATION_AID_FIELDS` that ``values`` leaves empty when
    ``kind`` is an education kind (in that order); [] otherwise."""
    if kind not in Aid.EDUCATION_KINDS:
        return []
    return [name for name in EDUCATION_AID_FIELDS if not (values.get(name) or "").strip()]


def aid_record(
    *,
    actor: User | None,
    file: HardshipFile | int,
    union: Union,
    kind: str,
    date: dt.date,
    cash=ZERO,
    goods: Sequence[GoodsLine] = (),
    student_name: str = "",
    school: str = "",
    grade: str = "",
    visit: Visit | None = None,
    delegation: str = "",
    notes: str = "",
    import_key: str | None = None,
) -> Aid:
    """Record an aid to an open file, given by ``union`` (in the actor's scope; the file in
    the actor's scope too). Cash and goods values are CNY; at least one must be positive.
    Education kinds need the student, school and grade; the date lies between
    ``EARLIEST_DATE`` and today. DomainError names the field."""
    _require_role(actor, RECORD_ROLES, _("Your role may not record aid."))
    if not _scope_ok(actor, union):
        raise PermissionDenied(_("That union is outside your scope."))
    if kind not in Aid.Kind.values:
        raise DomainError(_("Kind: choose one of the listed kinds of aid."))
    check_date(date, _("Date"))
    amount = money(cash, _("Cash"))
    lines: list[GoodsLine] = []
    for i, line in enumerate(goods or (), start=1):
        if not (line.name or "").strip():
            raise DomainError(_("Goods line %(n)d: the name is required.") % {"n": i})
        qty = money(line.quantity, _("Goods line %(n)d quantity") % {"n": i})
        if qty <= 0:
            raise DomainError(_("Goods line %(n)d: quantity must be more than zero.") % {"n": i})
        lines.append(GoodsLine(line.name.strip(), qty, (line.unit or "").strip(),
                               money(line.value, _("Goods line %(n)d value") % {"n": i})))
    goods_value = sum((g.value for g in lines), ZERO)
    if amount <= 0 and goods_value <= 0:
        raise DomainError(_("Cash or goods: an aid needs cash or goods of some value."))
    missing = education_aid_missing(kind, student_name=student_name, school=school,
                                    grade=grade)
    if missing:
        labels = {"student_name": _("Student"), "school": _("School"), "grade": _("Grade")}
        raise DomainError(_("%(field)s: required for education aid.")
                          % {"field": labels[missing[0]]})
    if visit is not None and actor is not None and not Visit.objects.visible_to(actor).filter(
        pk=visit.pk
    ).exists():
        raise PermissionDenied(_("That visit is outside your scope."))
    with transaction.atomic():
        locked = _locked(file, actor)
        if locked.status not in AID_FILE_STATUSES:
            raise InvalidTransition(_("Aid can be recorded only for an open file."))
        aid = Aid.objects.create(
            file=locked, union=union, kind=kind, date=date, cash=amount, goods_value=goods_value,
            student_name=(student_name or "").strip(), school=(school or "").strip(),
            grade=(grade or "").strip(), visit=visit, delegation=(delegation or "").strip(),
            notes=notes, import_key=import_key, created_by=actor,
        )
        AidGoodsLine.objects.bulk_create(
            [AidGoodsLine(aid=aid, name=g.name, quantity=g.quantity, unit=g.unit, value=g.value)
             for g in lines]
        )
        _event(locked, actor, "aid", locked.status, locked.status,
               data={"aid": aid.pk, "kind": kind, "total": str(aid.total_value)})
    return aid


# ---------------------------------------------------------------- privacy

SENSITIVE_FIELDS = {
    "head_id_number": gettext_lazy("identity number"),
    "head_phone": gettext_lazy("phone"),
    "bank_card": gettext_lazy("bank card"),
    "health": gettext_lazy("health"),
}
MEMBER_SENSITIVE_FIELDS = {
    "id_number": gettext_lazy("identity number"),
    "health": gettext_lazy("health"),
}


def reveal_sensitive(
    *, actor: User, file: HardshipFile | int, field: str, reason: str,
    member: HouseholdMember | int | None = None,
) -> str:
    """The full value of one sensitive field of a file (or of one of its members) for a
    reviewer or leader whose scope holds the file, with a required reason. Writes a
    :class:`SensitiveAccessLog` row (who, when, which record and field, why) and returns
    the value. PermissionDenied / DomainError otherwise, and nothing is logged as revealed."""
    if actor is None or not actor.has_role(*REVEAL_ROLES):
        raise PermissionDenied(_("Your role may not see sensitive details in full."))
    if not (reason or "").strip():
        raise DomainError(_("Reason: say why you need to see this value."))
    pk = file.pk if isinstance(file, HardshipFile) else file
    target = HardshipFile.objects.visible_to(actor).filter(pk=pk).first()
    if target is None:
        raise PermissionDenied(_("This file does not exist or is outside your scope."))
    if member is None:
        if field not in SENSITIVE_FIELDS:
            raise DomainError(_("Field: not a sensitive field of a file."))
        record_type, record_id, value = "HardshipFile", target.pk, getattr(target, field)
    else:
        member_pk = member.pk if isinstance(member, HouseholdMember) else member
        m = target.members.filter(pk=member_pk).first()
        if m is None or field not in MEMBER_SENSITIVE_FIELDS:
            raise DomainError(_("Field: not a sensitive field of a member of this file."))
        record_type, record_id, value = "HouseholdMember", m.pk, getattr(m, field)
    SensitiveAccessLog.objects.create(
        user=actor, action=SensitiveAccessLog.Action.REVEAL, record_type=record_type,
        record_id=record_id, field=field, reason=reason.strip(),
    )
    log.info("sensitive %s of %s %s revealed to user %s", field, record_type, record_id, actor.pk)
    return value


def log_export(*, actor: User | None, what: str, rows: int, filters: dict | None = None
               ) -> SensitiveAccessLog:
    """Record an export of assistance data (who, when, what, how many rows, which filters)."""
    entry = SensitiveAccessLog.objects.create(
        user=actor, action=SensitiveAccessLog.Action.EXPORT, record_type=what,
        detail={"rows": rows, "filters": filters or {}},
    )
    log.info("export of %s (%d rows) by user %s", what, rows, getattr(actor, "pk", None))
    return entry
