"""Writes to children's records. Views, the API, imports, tasks and commands call these.

Each service takes keyword arguments, checks the rules a practitioner would
(DOMAIN.md section 3 and issue rules), raises `ApplicationError` with a
message tied to the form field when one is broken, and writes in one
transaction. Dates follow the SSDA903 convention: a thing that ends on D is
followed by the next thing starting on D (intervals are [start, end)).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import PartnerOrganisation, Team, User
from accounts.permissions import (
    ALLOCATION_ACTIONS,
    Action,
    check_allocation_arguments,
    requires,
)
from children import codes
from children.models import (
    Address,
    Adoption,
    Allocation,
    AllocationKind,
    Child,
    ChildRecordView,
    ChildShare,
    LegalStatusRecord,
    Nationality,
    PeriodOfCare,
    PermanencePlanRecord,
    Placement,
    Relationship,
    ShortBreakSeries,
    Warning,
)
from children.validators import normalise_postcode, validate_la_reference
from core.dates import check_day, long_date
from core.exceptions import ApplicationError


def record_child_view(*, child: Child | int, user: User, path: str) -> ChildRecordView:
    """Log that `user` opened `child`'s record (a child or its pk). Called for every page
    that names a child by children.middleware.ChildViewLogMiddleware."""
    child_id = child if isinstance(child, int) else child.pk
    return ChildRecordView.objects.create(child_id=child_id, user=user, path=path[:300])


def record_children_listed(*, child_ids: Iterable[int], user: User, path: str) -> int:
    """Log that `user` was shown each of these children (a CSV download, a search):
    one row per child, however many times the child is listed. Returns how many."""
    rows = [
        ChildRecordView(child_id=pk, user=user, path=path[:300]) for pk in sorted(set(child_ids))
    ]
    ChildRecordView.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# --- inputs -----------------------------------------------------------------


@dataclass
class Identity:
    la_reference: str
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    ethnicity: str = codes.Ethnicity.NOBT
    gender: str = ""
    upn: str = ""
    upn_unknown_reason: str = ""
    nhs_number: str = ""
    place_of_birth: str = ""
    first_language: str = ""
    religion: str = ""
    disability: str = ""
    uasc: bool = False
    uasc_start: date | None = None
    uasc_end: date | None = None
    is_mother: bool | None = None
    mothers_child_dob: date | None = None
    nationalities: list[str] = field(default_factory=list)


@dataclass
class PlacementDetails:
    placement_type: str
    provider: str
    start_date: date
    carer_name: str = ""
    urn: str = ""
    address: str = ""
    postcode: str = ""
    home_postcode: str = ""
    in_council_area: bool = True
    intended_until_18: bool = False
    same_carer_as_previous: bool = False
    # Reg 19 (placed with a parent before the assessment is complete) and reg 24 (a
    # connected person with temporary approval): the visits of reg 28(3) and (4).
    placed_before_assessment: bool = False
    temporary_approval: bool = False


@dataclass
class Entry:
    """What is known the day a child starts to be looked after."""

    start_date: date
    category_of_need: str
    legal_status: str
    placement: PlacementDetails
    order_date: date | None = None
    previous_permanence: str = ""
    previous_permanence_la: str = ""
    previous_permanence_date: date | None = None


# --- shared checks ----------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _not_in_future(value: date | None, field_name: str, what: str) -> None:
    check_day(value, field=field_name, what=what)


def _lock(child: Child) -> Child:
    """Serialise writes to one child's history (no interleaved changes)."""
    return Child.objects.select_for_update().get(pk=child.pk)


def _full_clean(instance, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field_name, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(
            messages[0], field=None if field_name == "__all__" else field_name
        ) from exc


def _open_period(child: Child) -> PeriodOfCare | None:
    return child.periods_of_care.filter(end_date__isnull=True).first()


def _check_legal_status(child: Child, code: str, start: date, field_name: str = "legal_status"):
    if code in codes.YOUTH_JUSTICE_STATUSES and codes.age_on(child.date_of_birth, start) < 10:
        raise ApplicationError(
            f"{code} cannot apply to a child under 10: {child.first_name} was "
            f"{codes.age_on(child.date_of_birth, start)} on {long_date(start)}",
            field=field_name,
        )


def _check_police_protection_ends(status: LegalStatusRecord, end: date) -> None:
    if status.code == codes.POLICE_PROTECTION and end > status.start_date + timedelta(days=3):
        raise ApplicationError(
            "Police protection lasts at most 72 hours: it started on "
            f"{long_date(status.start_date)}, so what follows must start by "
            f"{long_date(status.start_date + timedelta(days=3))}",
            field="start_date",
        )


def _under_eighteen(child: Child, on: date, field_name: str, what: str) -> None:
    """A looked-after child is under 18 (Children Act 1989 s105(1)): nothing of a
    period of care starts on or after the 18th birthday."""
    if codes.age_on(child.date_of_birth, on) >= 18:
        raise ApplicationError(
            f"{what} must be before {child.first_name}'s 18th birthday: a child is looked "
            "after only until 18 (Children Act 1989 s105(1))",
            field=field_name,
        )


def _inside_period(period: PeriodOfCare, start: date, what: str) -> None:
    if start < period.start_date or (period.end_date and start >= period.end_date):
        raise ApplicationError(
            f"{what} must start within the period of care that began on "
            f"{long_date(period.start_date)}",
            field="start_date",
        )


def _new_placement(child: Child, period: PeriodOfCare, details: PlacementDetails) -> Placement:
    if details.placement_type in codes.NO_PROVIDER_PLACEMENTS:
        details.provider = ""
    elif not details.provider:
        raise ApplicationError("Select the placement provider", field="provider")
    placement = Placement(
        child=child,
        period=period,
        placement_type=details.placement_type,
        provider=details.provider,
        carer_name=details.carer_name.strip(),
        urn=details.urn.strip().upper(),
        address=details.address.strip(),
        postcode=normalise_postcode(details.postcode) if details.postcode else "",
        home_postcode=normalise_postcode(details.home_postcode) if details.home_postcode else "",
        in_council_area=details.in_council_area,
        intended_until_18=details.intended_until_18,
        same_carer_as_previous=details.same_carer_as_previous,
        placed_before_assessment=details.placed_before_assessment,
        temporary_approval=details.temporary_approval,
        start_date=details.start_date,
    )
    if placement.placed_before_assessment and placement.placement_type != (
        codes.WITH_PARENT_PLACEMENT
    ):
        raise ApplicationError(
            "Only a placement with a parent (P1) is made under reg 19: answer no, or choose "
            "P1 as the type of placement",
            field="placed_before_assessment",
        )
    if placement.temporary_approval and (
        placement.placement_type not in codes.CONNECTED_PERSON_PLACEMENTS
    ):
        raise ApplicationError(
            "Temporary approval under reg 24 is for a foster placement with a relative, "
            "friend or other connected person (U1 to U3): answer no, or choose one of those",
            field="temporary_approval",
        )
    _full_clean(placement, exclude=["child", "period"])
    return placement


# --- children and periods of care -------------------------------------------


def _check_identity(identity: Identity) -> None:
    # Before anything is looked up by them: a NUL byte is refused by PostgreSQL in a query.
    try:
        validate_la_reference(identity.la_reference.strip())
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="la_reference") from None
    for name in ("first_name", "last_name", "nhs_number"):
        if "\x00" in getattr(identity, name):
            raise ApplicationError("Remove the character that cannot be stored", field=name)
    _not_in_future(identity.date_of_birth, "date_of_birth", "Date of birth")
    if identity.upn and identity.upn_unknown_reason:
        raise ApplicationError(
            "Give the UPN or the reason it is not known, not both", field="upn_unknown_reason"
        )
    if not identity.upn and not identity.upn_unknown_reason:
        raise ApplicationError("Enter the UPN, or select why there is none", field="upn")
    if not identity.nationalities:
        raise ApplicationError(
            "Select the child's nationality, or 'Not yet known'", field="nationalities"
        )
    if identity.is_mother and identity.mothers_child_dob is None:
        raise ApplicationError(
            "Enter the date of birth of the child's own child", field="mothers_child_dob"
        )
    if identity.uasc and identity.uasc_start is None:
        raise ApplicationError("Enter the date the child became a UASC", field="uasc_start")


DUPLICATE_CHECK_PATH = "registration: the duplicate check matched this record"


def _refuse_duplicates(identity: Identity, *, by: User) -> None:
    """Refuse to register a child who may already have a record.

    A match the user may open is named, so they can go to it. A match outside their
    access is not identified: the message says only that a record exists and which team
    holds it, so that they ask that team. Every match is written to the matched child's
    access log (`ChildRecordView`), outside the registration's transaction, so that the
    log row stays when the registration is refused."""
    from children.selectors import children_visible_to, current_allocations, possible_duplicates

    duplicates = possible_duplicates(
        first_name=identity.first_name,
        last_name=identity.last_name,
        date_of_birth=identity.date_of_birth,
        nhs_number=identity.nhs_number,
    )
    if not duplicates:
        return
    with transaction.atomic():
        for match in duplicates:
            record_child_view(child=match, user=by, path=DUPLICATE_CHECK_PATH)
    visible = set(
        children_visible_to(user=by)
        .filter(pk__in=[c.pk for c in duplicates])
        .values_list("pk", flat=True)
    )
    named = [c for c in duplicates if c.pk in visible]
    hidden = [c for c in duplicates if c.pk not in visible]
    parts = []
    if named:
        names = ", ".join(f"{c.full_name} ({c.la_reference})" for c in named[:3])
        parts.append(f"This child may already be registered: {names}. Open their record instead.")
    if hidden:
        teams = sorted(
            {
                a.team
                for a in current_allocations()
                .filter(child__in=hidden, kind=AllocationKind.TEAM)
                .select_related("team__manager")
                if a.team is not None
            },
            key=lambda t: t.name,
        )
        holders = " or ".join(
            f"{t.name} (team manager: {t.manager.get_full_name() or t.manager})"
            if t.manager
            else t.name
            for t in teams
        )
        parts.append(
            f"A record matching this child is already held by {holders}. Ask them about it "
            "before registering this child."
            if teams
            else "A record matching this child already exists. Ask a senior manager about "
            "it before registering this child."
        )
    raise ApplicationError(" ".join(parts), field="last_name", code="duplicate")


@requires(Action.REGISTER_CHILD)
def child_register(
    *,
    identity: Identity,
    entry: Entry,
    by: User,
    social_worker: User | None = None,
    team: Team | None = None,
) -> Child:
    """Register a child entering care: identity, nationality, period, legal status, placement
    and allocations, all or nothing. A child who may already have a record is refused
    (`_refuse_duplicates`, whose log of the match is kept when the registration is not)."""
    _check_identity(identity)
    if Child.objects.filter(la_reference__iexact=identity.la_reference.strip()).exists():
        raise ApplicationError(
            "A child with this LA reference is already registered", field="la_reference"
        )
    _refuse_duplicates(identity, by=by)
    return _child_register(
        identity=identity, entry=entry, by=by, social_worker=social_worker, team=team
    )


@transaction.atomic
def _child_register(
    *,
    identity: Identity,
    entry: Entry,
    by: User,
    social_worker: User | None,
    team: Team | None,
) -> Child:
    values = {k: v for k, v in vars(identity).items() if k != "nationalities"}
    values["la_reference"] = identity.la_reference.strip()
    values["first_name"] = identity.first_name.strip()
    values["last_name"] = identity.last_name.strip()
    values["upn"] = identity.upn.strip().upper()
    values["nhs_number"] = identity.nhs_number.replace(" ", "")
    child = Child(**values)
    _full_clean(child)
    child.save()
    for country in dict.fromkeys(identity.nationalities):
        Nationality.objects.create(child=child, country=country)
    period_of_care_start(child=child, entry=entry, by=by)
    worker = social_worker or by
    team = team or worker.team
    if team is not None:
        Allocation.objects.create(
            child=child, kind=AllocationKind.TEAM, team=team, start_date=entry.start_date
        )
    Allocation.objects.create(
        child=child,
        kind=AllocationKind.SOCIAL_WORKER,
        worker=worker,
        start_date=entry.start_date,
        start_reason=codes.SWChangeReason.FCONTA,
    )
    return child


@requires(Action.REGISTER_CHILD)
@transaction.atomic
def period_of_care_start(*, child: Child, entry: Entry, by: User) -> PeriodOfCare:
    """Start a period of care (the child's first, or a later one) with its first
    legal status and placement: the 903 episode with RNE S."""
    child = _lock(child)
    _not_in_future(entry.start_date, "start_date", "The date the child started to be looked after")
    if entry.start_date < child.date_of_birth:
        raise ApplicationError(
            "A child cannot start to be looked after before they were born", field="start_date"
        )
    if entry.placement.start_date != entry.start_date:
        raise ApplicationError(
            "The first placement starts the day the child starts to be looked after",
            field="start_date",
        )
    last = child.periods_of_care.order_by("-start_date").first()
    if last is not None:
        if last.end_date is None:
            raise ApplicationError(
                "The child is already looked after: end the current period of care first",
                field="start_date",
            )
        if entry.start_date <= last.end_date:
            raise ApplicationError(
                f"A new period of care must start after the last one ended on "
                f"{long_date(last.end_date)}",
                field="start_date",
            )
        if last.reason_ceased in codes.ADOPTED_REASONS:
            raise ApplicationError(
                f"{child.first_name} was adopted on {long_date(last.end_date)}: an adopted "
                "child who comes back into care is registered as a new child, with "
                "'adopted' as their permanence before care",
                field="start_date",
            )
    _check_legal_status(child, entry.legal_status, entry.start_date)
    _under_eighteen(child, entry.start_date, "start_date", "The period of care")
    # Blank means not recorded (an import from a return that does not say); the form asks
    # for it, and the export reports a blank as P4, "not known".
    if entry.previous_permanence and (
        entry.previous_permanence not in codes.PreviousPermanence.values
    ):
        raise ApplicationError(
            "Select the child's permanence before this period of care, or 'No previous "
            "permanence option'",
            field="previous_permanence",
        )
    if entry.previous_permanence_la and entry.previous_permanence_la not in codes.DFE_LA_CODES:
        raise ApplicationError(
            "Enter the council's three-digit DfE code (or WAL, SCO, NIR, NUK; 999 if not known)",
            field="previous_permanence_la",
        )
    period = PeriodOfCare(
        child=child,
        start_date=entry.start_date,
        category_of_need=entry.category_of_need,
        previous_permanence=entry.previous_permanence,
        previous_permanence_la=entry.previous_permanence_la,
        previous_permanence_date=entry.previous_permanence_date,
        short_break_series=_series_for_period(child, entry),
    )
    _full_clean(period, exclude=["child"])
    period.save()
    LegalStatusRecord.objects.create(
        child=child,
        period=period,
        code=entry.legal_status,
        start_date=entry.start_date,
        order_date=entry.order_date,
    )
    _new_placement(child, period, entry.placement).save()
    return period


def _series_for_period(child: Child, entry: Entry) -> ShortBreakSeries | None:
    """The series of short breaks a new period of care belongs to (reg 48, decision
    0019): a break (V3/V4) joins the child's current series, or starts one that day (a
    break imported from a return, or recorded without a series); full care ends the
    current series the day it starts."""
    series = child.short_break_series.filter(end_date__isnull=True).first()
    if entry.legal_status not in codes.SHORT_BREAK_STATUSES:
        if series is not None:
            _end_series(series, entry.start_date)
        return None
    if series is None:
        series = ShortBreakSeries.objects.create(
            child=child, start_date=entry.start_date, carer=entry.placement.carer_name.strip()
        )
    elif entry.start_date < series.start_date:
        raise ApplicationError(
            f"A short break must start on or after the series began on "
            f"{long_date(series.start_date)}",
            field="start_date",
        )
    return series


def _end_series(series: ShortBreakSeries, end_date: date) -> None:
    series.end_date = max(end_date, series.start_date)
    series.save()


def _end_open_missing(
    child: Child, *, ends_on: date, returned_on: date | None, what: str, started_before: date
) -> None:
    """A missing or away episode ends by the end of the placement and the care it started
    in (DfE rules 575, 577): ending either while the child is missing asks for the day the
    child returned, which is recorded with the ending. `started_before`: only an episode
    that started before that day belongs to what is ending."""
    episode = child.missing_episodes.filter(
        end_date__isnull=True, start_date__lt=started_before
    ).first()
    if episode is None:
        if returned_on is not None:
            raise ApplicationError(
                "The child is not missing or away now: leave the date they returned blank",
                field="missing_returned_on",
            )
        return
    since = f"{episode.get_kind_display().lower()} since {codes.long_date(episode.start_date)}"
    if returned_on is None:
        raise ApplicationError(
            f"{child.full_name} has been {since}: enter the date they returned, on or before "
            f"{what} ({codes.long_date(ends_on)})",
            field="missing_returned_on",
        )
    _not_in_future(returned_on, "missing_returned_on", "The date the child returned")
    if returned_on < episode.start_date or returned_on > ends_on:
        raise ApplicationError(
            f"{child.full_name} has been {since}: the date they returned must be between then "
            f"and {what} ({codes.long_date(ends_on)})",
            field="missing_returned_on",
        )
    episode.end_date = returned_on
    _full_clean(episode, exclude=["child"])
    episode.save()


@requires(Action.END_CARE)
@transaction.atomic
def period_of_care_end(
    *,
    child: Child,
    end_date: date,
    reason: str,
    by: User,
    missing_returned_on: date | None = None,
) -> PeriodOfCare:
    """End the current period of care, with its placement and legal statuses, on `end_date`.
    A child missing or away now needs `missing_returned_on`, the day they returned."""
    child = _lock(child)
    period = _open_period(child)
    if period is None:
        raise ApplicationError("The child is not looked after now", field="end_date")
    _not_in_future(end_date, "end_date", "The date care ended")
    if end_date < period.start_date:
        raise ApplicationError(
            f"Care cannot end before it started on {long_date(period.start_date)}",
            field="end_date",
        )
    if reason not in dict(codes.PERIOD_END_REASONS):
        raise ApplicationError("Select why the child stopped being looked after", field="reason")
    eighteen = codes.birthday(child.date_of_birth, 18)
    if end_date > eighteen:
        raise ApplicationError(
            f"Care ended on {child.first_name}'s 18th birthday, {long_date(eighteen)}, at "
            "the latest: a "
            "child is looked after only until 18 (Children Act 1989 s105(1))",
            field="end_date",
        )
    latest_start = max(
        [p.start_date for p in period.placements.all()]
        + [s.start_date for s in period.legal_statuses.all()]
    )
    if end_date <= latest_start and end_date != period.start_date:
        raise ApplicationError(
            f"Care must end after the latest change to it on {long_date(latest_start)}",
            field="end_date",
        )
    _end_open_missing(
        child,
        ends_on=end_date,
        returned_on=missing_returned_on,
        what="the day care ends",
        started_before=end_date + timedelta(days=1),
    )
    for status in period.legal_statuses.filter(end_date__isnull=True):
        _check_police_protection_ends(status, end_date)
        status.end_date = end_date
        status.save()
    period.placements.filter(end_date__isnull=True).update(end_date=end_date)
    for placement in period.placements.filter(end_date=end_date):
        placement.save()  # through save(), so that the history keeps the change
    period.end_date = end_date
    period.reason_ceased = reason
    period.save()
    # The IRO reviews the care of a looked-after child, so their allocation ends with care.
    # The social worker stays allocated, as the SSDA903 expects, until the case moves on.
    # The IRO of a series of short breaks reviews the series: the end of one break is not
    # the end of their work.
    series = period.short_break_series
    if series is not None and series.end_date is None:
        return period
    for allocation in child.allocations.filter(kind=AllocationKind.IRO, end_date__isnull=True):
        allocation.end_date = max(end_date, allocation.start_date)
        allocation.save()
    return period


# --- placements ---------------------------------------------------------------


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def placement_change(
    *,
    child: Child,
    details: PlacementDetails,
    reason_for_change: str,
    planned_ending: bool | None,
    by: User,
    missing_returned_on: date | None = None,
) -> Placement:
    """Move the child: the current placement ends the day the new one starts. A child
    missing or away from the current placement needs `missing_returned_on`, the day they
    returned."""
    child = _lock(child)
    period = _open_period(child)
    if period is None:
        raise ApplicationError(
            "The child is not looked after now, so cannot change placement", field="start_date"
        )
    _not_in_future(details.start_date, "start_date", "The date of the move")
    _inside_period(period, details.start_date, "The new placement")
    _under_eighteen(child, details.start_date, "start_date", "The new placement")
    current = period.placements.filter(end_date__isnull=True).first()
    if current is not None:
        if details.start_date <= current.start_date:
            raise ApplicationError(
                f"The move must be after the current placement started on "
                f"{long_date(current.start_date)}",
                field="start_date",
            )
        if reason_for_change not in codes.ReasonPlaceChange.values:
            raise ApplicationError(
                "Select why the current placement ended", field="reason_for_change"
            )
        _end_open_missing(
            child,
            ends_on=details.start_date,
            returned_on=missing_returned_on,
            what="the day of the move",
            started_before=details.start_date,
        )
        current.end_date = details.start_date
        current.reason_for_change = reason_for_change
        current.planned_ending = planned_ending
        current.save()
    placement = _new_placement(child, period, details)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:
        raise ApplicationError("The child already has a current placement") from exc
    return placement


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def temporary_approval_end(*, placement: Placement, end_date: date, by: User) -> Placement:
    """Record the day a connected person's temporary approval under reg 24 ended (they were
    approved as a foster carer, or the approval expired): from then the child's visits
    follow reg 28(2) rather than reg 28(4). Called by the child's page; saved with its
    history."""
    _lock(placement.child)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not placement.temporary_approval:
        raise ApplicationError(
            "This placement's carer has no temporary approval under reg 24", field="end_date"
        )
    if placement.temporary_approval_ended is not None:
        raise ApplicationError(
            "The temporary approval already ended on "
            f"{long_date(placement.temporary_approval_ended)}",
            field="end_date",
        )
    _not_in_future(end_date, "end_date", "The day the temporary approval ended")
    if end_date < placement.start_date:
        raise ApplicationError(
            "The temporary approval cannot end before the placement started on "
            f"{long_date(placement.start_date)}",
            field="end_date",
        )
    if placement.end_date is not None and end_date > placement.end_date:
        raise ApplicationError(
            f"The placement ended on {long_date(placement.end_date)}: the approval ended by then",
            field="end_date",
        )
    placement.temporary_approval_ended = end_date
    placement.save()
    return placement


# --- legal status -------------------------------------------------------------


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def legal_status_change(
    *,
    child: Child,
    code: str,
    start_date: date,
    order_date: date | None = None,
    ends: list[LegalStatusRecord] | None = None,
    by: User,
) -> LegalStatusRecord:
    """Record a new legal status. `ends` are the current statuses it replaces (they end the
    day it starts); any not listed carry on alongside it (two orders at once)."""
    child = _lock(child)
    period = _open_period(child)
    if period is None:
        raise ApplicationError("The child is not looked after now", field="start_date")
    _not_in_future(start_date, "start_date", "The date the legal status changed")
    _not_in_future(order_date, "order_date", "The date of the order")
    _inside_period(period, start_date, "The legal status")
    _under_eighteen(child, start_date, "start_date", "The legal status")
    _check_legal_status(child, code, start_date, field_name="code")
    current = list(period.legal_statuses.filter(end_date__isnull=True))
    ending = [s for s in current if ends and s.pk in {e.pk for e in ends}]
    continuing = [s for s in current if s not in ending]
    if any(s.code == code for s in continuing):
        raise ApplicationError(f"The child already holds {code}", field="code")
    if continuing:
        together = {code, *(s.code for s in continuing)}
        pairs = (
            len(together & codes.CARE_ORDERS) <= 1 and len(together & codes.PLACEMENT_ORDERS) <= 1
        )
        if not (together <= codes.CARE_ORDERS | codes.PLACEMENT_ORDERS and pairs):
            held = ", ".join(s.code for s in continuing)
            raise ApplicationError(
                f"Only a care order and a placement order can run together: say which of "
                f"{held} the new legal status replaces",
                field="ends",
            )
    for status in ending:
        if start_date <= status.start_date:
            raise ApplicationError(
                f"The new legal status must start after {status.code} started on "
                f"{long_date(status.start_date)}",
                field="start_date",
            )
        _check_police_protection_ends(status, start_date)
        status.end_date = start_date
        status.save()
    record = LegalStatusRecord(
        child=child, period=period, code=code, start_date=start_date, order_date=order_date
    )
    _full_clean(record, exclude=["child", "period"])
    record.save()
    # A child on a short break who comes into full care: the series ends that day and
    # the full regime runs from it (decision 0019).
    series = period.short_break_series
    if code not in codes.SHORT_BREAK_STATUSES and series is not None and series.end_date is None:
        _end_series(series, start_date)
    return record


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def legal_status_end(*, status: LegalStatusRecord, end_date: date, by: User) -> LegalStatusRecord:
    """End one legal status while another continues (for example an interim order discharged
    while a placement order stands). The child must keep at least one."""
    child = _lock(status.child)
    status.refresh_from_db()
    if status.end_date is not None:
        raise ApplicationError("This legal status has already ended", field="end_date")
    _not_in_future(end_date, "end_date", "The date it ended")
    if end_date <= status.start_date:
        raise ApplicationError(
            f"It must end after it started on {long_date(status.start_date)}", field="end_date"
        )
    others = child.legal_statuses.filter(end_date__isnull=True, period=status.period).exclude(
        pk=status.pk
    )
    if not others.filter(start_date__lte=end_date).exists():
        raise ApplicationError(
            "A looked-after child must always have a legal status: record the new one, "
            "or end the period of care",
            field="end_date",
        )
    _check_police_protection_ends(status, end_date)
    status.end_date = end_date
    status.save()
    return status


# --- allocations, permanence ----------------------------------------------------


@requires(*ALLOCATION_ACTIONS.values(), check=check_allocation_arguments)
@transaction.atomic
def allocation_change(
    *,
    child: Child,
    kind: str,
    start_date: date,
    worker: User | None = None,
    team: Team | None = None,
    reason: str = "",
    by: User,
) -> Allocation:
    """Allocate a worker (or team) from `start_date`; the current one of that kind ends then."""
    child = _lock(child)
    if kind not in AllocationKind.values:
        raise ApplicationError("Select what is being allocated", field="kind")
    if (kind == AllocationKind.TEAM) != (team is not None) or (
        kind != AllocationKind.TEAM and worker is None
    ):
        raise ApplicationError("Select who is being allocated", field="worker")
    _not_in_future(start_date, "start_date", "The date of the allocation")
    if (
        kind == AllocationKind.SOCIAL_WORKER
        and not reason
        and child.allocations.filter(kind=kind, end_date__isnull=True).exists()
    ):
        raise ApplicationError("Select why the social worker is changing", field="reason")
    for current in child.allocations.filter(kind=kind, end_date__isnull=True):
        if start_date <= current.start_date:
            raise ApplicationError(
                f"The new allocation must start after the current one started on "
                f"{long_date(current.start_date)}",
                field="start_date",
            )
        if (current.worker_id, current.team_id) == (
            worker.pk if worker else None,
            team.pk if team else None,
        ):
            raise ApplicationError("They are already allocated", field="worker")
        current.end_date = start_date
        current.save()
    return Allocation.objects.create(
        child=child,
        kind=kind,
        worker=worker,
        team=team,
        start_date=start_date,
        start_reason=reason if kind == AllocationKind.SOCIAL_WORKER else "",
    )


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def permanence_plan_set(*, child: Child, plan: str, start_date: date, by: User):
    """Record the permanence plan agreed on `start_date`; the previous plan ends then."""
    child = _lock(child)
    if plan not in codes.PermanencePlan.values:
        raise ApplicationError("Select the permanence plan", field="plan")
    _not_in_future(start_date, "start_date", "The date the plan was agreed")
    current = child.permanence_plans.filter(end_date__isnull=True).first()
    if current is not None:
        if start_date <= current.start_date:
            raise ApplicationError(
                f"The new plan must be agreed after the current one on "
                f"{long_date(current.start_date)}",
                field="start_date",
            )
        current.end_date = start_date
        current.save()
    return PermanencePlanRecord.objects.create(child=child, plan=plan, start_date=start_date)


@dataclass
class AdoptionDetails:
    decision_date: date
    match_date: date | None = None
    placed_date: date | None = None
    ceased_date: date | None = None
    ceased_reason: str = ""
    adopters_were_foster_carers: bool | None = None
    number_of_adopters: int | None = None
    adopters_sex: str = ""
    adopters_legal_status: str = ""


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def adoption_record(*, child: Child, details: AdoptionDetails, by: User) -> Adoption:
    """Record (or update) the adoption journey of the child's current or latest period of care:
    the decision that the child should be placed for adoption, the match, the placement, and,
    if it comes to that, the decision that the child should no longer be placed."""
    child = _lock(child)
    period = child.periods_of_care.order_by("-start_date").first()
    if period is None:
        raise ApplicationError("The child has no period of care", field="decision_date")
    check_adoption(period=period, details=details)
    adoption = period.adoptions.order_by("-decision_date").first() or Adoption(
        child=child, period=period, decision_date=details.decision_date
    )
    for name, value in vars(details).items():
        setattr(adoption, name, value)
    _full_clean(adoption, exclude=["child", "period"])
    adoption.save()
    return adoption


def check_adoption(*, period: PeriodOfCare, details: AdoptionDetails) -> None:
    """The rules an adoption journey of `period` keeps (raises ApplicationError): the
    decision within the period of care, the dates in order, the adopters consistent."""
    for name in ("decision_date", "match_date", "placed_date", "ceased_date"):
        _not_in_future(getattr(details, name), name, "The date")
    if details.decision_date < period.start_date or (
        period.end_date is not None and details.decision_date > period.end_date
    ):
        raise ApplicationError(
            f"The decision must be within the period of care that began on "
            f"{long_date(period.start_date)}",
            field="decision_date",
        )
    order = [
        ("decision_date", "the decision"),
        ("match_date", "the match"),
        ("placed_date", "the placement for adoption"),
    ]
    previous: tuple[str, date] | None = None
    for name, words in order:
        value = getattr(details, name)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            raise ApplicationError(
                f"The date of {words} cannot be before {previous[0]}", field=name
            )
        previous = (words, value)
    if details.ceased_date and details.ceased_date < details.decision_date:
        raise ApplicationError(
            "The decision cannot be reversed before it was made", field="ceased_date"
        )
    if details.ceased_date and not details.ceased_reason:
        raise ApplicationError(
            "Select why the child should no longer be placed for adoption", field="ceased_reason"
        )
    if details.number_of_adopters not in (None, 1, 2):
        raise ApplicationError("Enter 1 or 2 adopters", field="number_of_adopters")
    if (
        details.adopters_sex
        and details.adopters_legal_status
        and (
            details.adopters_sex
            not in codes.ADOPTER_SEXES_FOR_STATUS[details.adopters_legal_status]
        )
    ):
        raise ApplicationError(
            "The adopters' legal status does not fit who the adopters are: check both",
            field="adopters_legal_status",
        )
    if (
        details.adopters_sex
        and details.number_of_adopters
        and ((details.adopters_sex in ("M1", "F1")) != (details.number_of_adopters == 1))
    ):
        raise ApplicationError(
            "The number of adopters does not fit who the adopters are", field="number_of_adopters"
        )


# Identity fields a social worker may correct after registration.
EDITABLE_IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "upn",
    "upn_unknown_reason",
    "nhs_number",
    "place_of_birth",
    "first_language",
    "religion",
    "disability",
    "uasc",
    "uasc_start",
    "uasc_end",
    "age_assessment_date",
    "age_assessment_outcome",
    "is_mother",
    "mothers_child_dob",
)


@requires(Action.CHANGE_DETAILS)
@transaction.atomic
def child_update(*, child: Child, by: User, **changes) -> Child:
    """Correct a child's identity details. Every change is kept in the child's history."""
    child = _lock(child)
    unknown = set(changes) - set(EDITABLE_IDENTITY_FIELDS)
    if unknown:
        raise ApplicationError(
            f"These details cannot be changed here: {', '.join(sorted(unknown))}"
        )
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(child, name, value)
    child.upn = child.upn.upper()
    child.nhs_number = child.nhs_number.replace(" ", "")
    _not_in_future(child.date_of_birth, "date_of_birth", "Date of birth")
    first_entry = (
        child.periods_of_care.order_by("start_date").values_list("start_date", flat=True).first()
    )
    if first_entry and child.date_of_birth > first_entry:
        raise ApplicationError(
            f"The date of birth cannot be after the child started to be looked after on "
            f"{long_date(first_entry)}",
            field="date_of_birth",
        )
    if child.upn and child.upn_unknown_reason:
        raise ApplicationError(
            "Give the UPN or the reason it is not known, not both", field="upn_unknown_reason"
        )
    if child.is_mother and child.mothers_child_dob is None:
        raise ApplicationError(
            "Enter the date of birth of the child's own child", field="mothers_child_dob"
        )
    if child.uasc and child.uasc_start is None:
        raise ApplicationError("Enter the date the child became a UASC", field="uasc_start")
    if child.uasc_start and child.uasc_end and child.uasc_end < child.uasc_start:
        raise ApplicationError("UASC status cannot end before it started", field="uasc_end")
    _full_clean(child)
    child.save()
    return child


@requires(Action.CHANGE_DETAILS)
@transaction.atomic
def address_add(
    *,
    child: Child,
    line_1: str,
    postcode: str,
    start_date: date,
    line_2: str = "",
    town: str = "",
    by: User,
) -> Address:
    """Record the child's home address from `start_date`; the previous one ends then."""
    child = _lock(child)
    _not_in_future(start_date, "start_date", "The date they moved there")
    if start_date < child.date_of_birth:
        raise ApplicationError(
            "The address cannot start before the child was born", field="start_date"
        )
    current = child.addresses.filter(end_date__isnull=True).first()
    if current is not None:
        if start_date <= current.start_date:
            raise ApplicationError(
                f"The new address must start after the current one, from "
                f"{long_date(current.start_date)}",
                field="start_date",
            )
        current.end_date = start_date
        current.save()
    address = Address(
        child=child,
        line_1=line_1.strip(),
        line_2=line_2.strip(),
        town=town.strip(),
        postcode=normalise_postcode(postcode),
        start_date=start_date,
    )
    _full_clean(address, exclude=["child"])
    address.save()
    return address


@requires(Action.CHANGE_DETAILS)
@transaction.atomic
def relationship_add(
    *,
    child: Child,
    name: str,
    relationship: str,
    parental_responsibility: bool,
    contact_details: str = "",
    notes: str = "",
    by: User,
) -> Relationship:
    record = Relationship(
        child=child,
        name=name.strip(),
        relationship=relationship,
        parental_responsibility=parental_responsibility,
        contact_details=contact_details.strip(),
        notes=notes.strip(),
    )
    _full_clean(record, exclude=["child"])
    record.save()
    return record


@requires(Action.CHANGE_DETAILS)
@transaction.atomic
def warning_add(*, child: Child, text: str, start_date: date, by: User) -> Warning:
    _not_in_future(start_date, "start_date", "The date")
    warning = Warning(child=child, text=text.strip(), start_date=start_date)
    _full_clean(warning, exclude=["child"])
    warning.save()
    return warning


@requires(Action.CHANGE_DETAILS)
@transaction.atomic
def nationalities_set(*, child: Child, countries: list[str], by: User) -> list[Nationality]:
    """Record the child's nationalities (one or more; 'ZZ' for not yet known, alone)."""
    child = _lock(child)
    wanted = list(dict.fromkeys(c for c in countries if c))
    if not wanted:
        raise ApplicationError(
            "Select the child's nationality, or 'Not yet known'", field="nationality"
        )
    if codes.NATIONALITY_NOT_KNOWN in wanted and len(wanted) > 1:
        raise ApplicationError(
            "'Not yet known' cannot be given with a nationality", field="second_nationality"
        )
    valid = {code for code, _ in codes.country_choices()}
    if any(c not in valid for c in wanted):
        raise ApplicationError("Select a nationality from the list", field="nationality")
    child.nationalities.exclude(country__in=wanted).delete()
    for country in wanted:
        Nationality.objects.get_or_create(child=child, country=country)
    return list(child.nationalities.all())


# --- sharing with partner organisations (decision 0016) -------------------------


@requires(Action.SHARE_RECORD)
@transaction.atomic
def share_start(
    *,
    child: Child,
    organisation: PartnerOrganisation,
    start_date: date,
    reason: str = "",
    by: User,
) -> ChildShare:
    """Share the child's record with a partner organisation from `start_date`: its users
    then see the child's identity, placement address and their own sections."""
    child = _lock(child)
    _not_in_future(start_date, "start_date", "The date sharing starts")
    if not organisation.active:
        raise ApplicationError(
            f"{organisation} is no longer a partner: choose another organisation",
            field="organisation",
        )
    if child.shares.filter(organisation=organisation, end_date__isnull=True).exists():
        raise ApplicationError(
            f"The record is already shared with {organisation}", field="organisation"
        )
    share = ChildShare(
        child=child,
        organisation=organisation,
        start_date=start_date,
        reason=reason.strip(),
        shared_by=by,
    )
    _full_clean(share, exclude=["child", "shared_by"])
    share.save()
    return share


@requires(Action.SHARE_RECORD)
@transaction.atomic
def share_stop(*, share: ChildShare, end_date: date, by: User) -> ChildShare:
    """Stop sharing on `end_date`, the first day the organisation no longer sees the
    child. The row is kept, so who could see the record when stays known."""
    share = ChildShare.objects.select_for_update().get(pk=share.pk)
    if share.end_date is not None:
        raise ApplicationError("Sharing has already stopped", field="end_date")
    _not_in_future(end_date, "end_date", "The date sharing stops")
    if end_date < share.start_date:
        raise ApplicationError(
            f"Sharing cannot stop before it started on {share.start_date:%d/%m/%Y}",
            field="end_date",
        )
    share.end_date = end_date
    share.save()
    return share


# --- short breaks (reg 48) ----------------------------------------------------------


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def short_breaks_start(
    *, child: Child, start_date: date, carer: str = "", pattern: str = "", by: User
) -> ShortBreakSeries:
    """Start an agreed series of short breaks (Care Planning Regulations 2010, reg 48):
    the plan its breaks belong to. Not while the child is in full care, nor from 18."""
    child = _lock(child)
    _not_in_future(start_date, "start_date", "The date the series started")
    if start_date < child.date_of_birth:
        raise ApplicationError(
            "The series cannot start before the child was born", field="start_date"
        )
    _under_eighteen(child, start_date, "start_date", "The series of short breaks")
    if child.short_break_series.filter(end_date__isnull=True).exists():
        raise ApplicationError(
            "The child already has a current series of short breaks: end it first",
            field="start_date",
        )
    period = _open_period(child)
    if period is not None:
        raise ApplicationError(
            "The child is looked after now: end the period of care before starting a series "
            "of short breaks",
            field="start_date",
        )
    last = child.short_break_series.order_by("-end_date").first()
    if last is not None and last.end_date is not None and start_date < last.end_date:
        raise ApplicationError(
            f"A new series must start on or after the last one ended on {long_date(last.end_date)}",
            field="start_date",
        )
    series = ShortBreakSeries(
        child=child, start_date=start_date, carer=carer.strip(), pattern=pattern.strip()
    )
    _full_clean(series, exclude=["child"])
    series.save()
    return series


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def short_breaks_end(*, series: ShortBreakSeries, end_date: date, by: User) -> ShortBreakSeries:
    """End the series on `end_date`: no break of it may still be going on, or end later."""
    child = _lock(series.child)
    series.refresh_from_db()
    if series.end_date is not None:
        raise ApplicationError("This series of short breaks has already ended", field="end_date")
    _not_in_future(end_date, "end_date", "The date the series ended")
    if end_date < series.start_date:
        raise ApplicationError(
            f"The series cannot end before it started on {long_date(series.start_date)}",
            field="end_date",
        )
    breaks = list(series.breaks.all())
    if any(b.end_date is None for b in breaks):
        raise ApplicationError(
            "A break is going on now: record the day it ended first", field="end_date"
        )
    latest = max((b.end_date for b in breaks if b.end_date), default=None)
    if latest is not None and end_date < latest:
        raise ApplicationError(
            f"The series cannot end before its last break ended on {long_date(latest)}",
            field="end_date",
        )
    _end_series(series, end_date)
    for allocation in child.allocations.filter(kind=AllocationKind.IRO, end_date__isnull=True):
        allocation.end_date = max(end_date, allocation.start_date)
        allocation.save()
    return series


@dataclass
class ShortBreak:
    """One break of a series: a period of care of its own (903 episode with LS V3/V4)."""

    start_date: date
    legal_status: str
    category_of_need: str
    placement_type: str
    provider: str = ""
    carer_name: str = ""
    end_date: date | None = None
    reason_ended: str = ""


@requires(Action.RECORD_CARE_HISTORY)
@transaction.atomic
def short_break_record(*, series: ShortBreakSeries, details: ShortBreak, by: User) -> PeriodOfCare:
    """Record one break of the series: a period of care with legal status V3 or V4 and
    its placement, ended on `end_date` (the day the child went home) when it is over."""
    child = series.child
    if series.end_date is not None:
        raise ApplicationError("This series of short breaks has ended", field="start_date")
    if details.legal_status not in codes.SHORT_BREAK_STATUSES:
        raise ApplicationError(
            "Select V3 (individual episodes) or V4 (agreement)", field="legal_status"
        )
    if details.end_date is not None and details.end_date < details.start_date:
        raise ApplicationError("The break cannot end before it started", field="end_date")
    if details.end_date is not None and not details.reason_ended:
        raise ApplicationError("Select why the break ended", field="reason_ended")
    period = period_of_care_start(
        child=child,
        entry=Entry(
            start_date=details.start_date,
            category_of_need=details.category_of_need,
            legal_status=details.legal_status,
            placement=PlacementDetails(
                placement_type=details.placement_type,
                provider=details.provider,
                start_date=details.start_date,
                carer_name=details.carer_name or series.carer,
            ),
        ),
        by=by,
    )
    if details.end_date is not None:
        period = period_of_care_end(
            child=child, end_date=details.end_date, reason=details.reason_ended, by=by
        )
    return period
