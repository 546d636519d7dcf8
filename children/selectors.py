"""Reads about children. `children_visible_to` is the one access rule.

Every page, API endpoint, export and report that shows a child starts from
`children_visible_to(user=...)`, so access is decided in one place.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst

from accounts.models import Role, User
from accounts.permissions import Action, allows
from children import codes
from children.models import (
    Allocation,
    AllocationKind,
    Child,
    ChildRecordView,
    ChildShare,
    PeriodOfCare,
)

# Roles that see every child in care (DOMAIN.md section 1).
SEE_ALL_ROLES = frozenset({Role.IRO_MANAGER, Role.SENIOR_MANAGER})
# Roles that see the children held by their team (and the teams they manage).
TEAM_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.BUSINESS_SUPPORT})


def current_allocations(*, on: date | None = None) -> QuerySet[Allocation]:
    """Allocations in force on `on`: started on or before it and not yet ended.

    An allocation's end date is the day it stopped (the next one starts that day).
    """
    return Allocation.objects.filter(in_force(on=on))


def in_force(*, on: date | None = None, prefix: str = "") -> Q:
    """The condition of `current_allocations` on `on`, for allocations reached through
    `prefix` ("allocations__" from a user or team), as in a filtered count."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": on})
    )


def team_ids_for(*, user: User) -> list[int]:
    """The teams a user belongs to or manages."""
    ids = set(user.managed_teams.values_list("pk", flat=True))
    if user.team_id:
        ids.add(user.team_id)
    return sorted(ids)


def children_visible_to(*, user: User) -> QuerySet[Child]:
    """The children whose records `user` may open.

    - IRO managers and senior managers: every child.
    - Anyone: the children they are currently allocated to (social worker,
      IRO, personal adviser...).
    - Social workers, team managers and business support: also the children
      currently held by their team, or by a team they manage.
    - Administrators and partner-agency users: none. Partners open only their own
      sections of the records shared with their organisation, through
      `child_for_section` (decision 0016).
    """
    children = Child.objects.all()
    if not (user.is_authenticated and user.is_active):
        return children.none()
    if user.role in SEE_ALL_ROLES:
        return children
    if user.role in (Role.ADMINISTRATOR, Role.PARTNER):
        return children.none()

    # A semi-join on the current allocations, not a correlated EXISTS per
    # child: both SQLite and PostgreSQL plan it as one pass over allocations.
    holds = Q(worker=user)
    if user.role in TEAM_ROLES:
        teams = team_ids_for(user=user)
        if teams:
            holds |= Q(kind=AllocationKind.TEAM, team_id__in=teams)
    return children.filter(pk__in=current_allocations().filter(holds).values("child_id"))


def sees_every_child_their_teams_hold(*, user: User) -> bool:
    """Whether `children_visible_to` gives `user` every child their teams currently hold
    (those who see every child, and team members), so that a list of the team's children
    needs no second filter on the visible ones. Kept beside the rule it reads."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.role in SEE_ALL_ROLES or user.role in TEAM_ROLES)
    )


def current_shares(*, on: date | None = None) -> QuerySet[ChildShare]:
    """Sharing in force on `on`: started on or before it and not yet stopped (the day it
    stopped is the first day without it)."""
    on = on or timezone.localdate()
    return ChildShare.objects.filter(start_date__lte=on, organisation__active=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=on)
    )


def children_shared_with(*, user: User) -> QuerySet[Child]:
    """The children whose records are shared now with a partner user's organisation;
    none for anyone else, or for a partner whose organisation is inactive."""
    if not (user.is_authenticated and user.is_active and user.partner_sections):
        return Child.objects.none()
    shared = current_shares().filter(organisation_id=user.partner_organisation_id)
    return Child.objects.filter(pk__in=shared.values("child_id"))


def children_for_section(*, user: User, section: str) -> QuerySet[Child]:
    """The children whose `section` ("health", "education") `user` may open: a partner,
    the children shared with their organisation if the section is theirs (otherwise
    none); anyone else, `children_visible_to`."""
    if user.is_authenticated and user.role == Role.PARTNER:
        if section not in user.partner_sections:
            return Child.objects.none()
        return children_shared_with(user=user)
    return children_visible_to(user=user)


def child_for_section(*, user: User, pk: int, section: str) -> Child:
    """The child with `pk` if `user` may open their `section`; otherwise 404."""
    try:
        return children_for_section(user=user, section=section).get(pk=pk)
    except Child.DoesNotExist:
        raise Http404("No child found") from None


def shared_children_for(*, user: User, search: str = "") -> QuerySet[Child]:
    """The children shared with a partner user's organisation, each with the date the
    current sharing started (`shared_since`), by name; `search` matches a name, the
    council's reference or the NHS number."""
    children = children_shared_with(user=user)
    for word in search.split()[:5]:
        children = children.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(la_reference__iexact=word)
            | Q(nhs_number=word.replace(" ", ""))
        )
    since = (
        current_shares()
        .filter(child=OuterRef("pk"), organisation_id=user.partner_organisation_id)
        .order_by("start_date")
        .values("start_date")[:1]
    )
    return children.annotate(shared_since=Subquery(since)).order_by("last_name", "first_name", "pk")


def partner_header(*, child: Child) -> dict:
    """What a partner sees of a shared child besides their own section: identity and
    where the child lives now (decision 0016)."""
    placement = (
        child.placements.filter(end_date__isnull=True).order_by("-start_date", "-pk").first()
    )
    return {"partner_placement": placement}


def period_on(*, child: Child, on: date) -> PeriodOfCare | None:
    """The period of care the child was in on `on` (the day care ended counts)."""
    return (
        PeriodOfCare.objects.filter(child=child, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-start_date")
        .first()
    )


def child_for_user(*, user: User, pk: int) -> Child:
    """The child with `pk` if `user` may see them; otherwise 404, as if they did not exist."""
    try:
        return children_visible_to(user=user).get(pk=pk)
    except Child.DoesNotExist:
        raise Http404("No child found") from None


def child_for_action(*, user: User, pk: int, action: Action) -> Child:
    """The child with `pk` for a page that takes `action` on them: 404 if `user` may not
    see the child, 403 if their role may not take the action (accounts.permissions)."""
    child = child_for_user(user=user, pk=pk)
    if not allows(user=user, action=action):
        raise PermissionDenied
    return child


def allocations_for_child(*, child: Child) -> QuerySet[Allocation]:
    return child.allocations.select_related("worker", "team").order_by("kind", "-start_date", "-pk")


@dataclass(frozen=True)
class RecordChange:
    """One row of a case table's history (django-simple-history)."""

    when: datetime
    what: str
    change: str
    by: User | None
    row: Any


CHANGE_WORDS = {"+": "Added", "~": "Changed", "-": "Removed"}


def _history_models() -> list[type[models.Model]]:
    """The child and every case table with history that points at a child directly."""
    from simple_history.models import registered_models

    found: list[type[models.Model]] = []
    for model in registered_models.values():
        if model is Child:
            found.append(model)
            continue
        for f in model._meta.fields:
            if f.name == "child" and f.is_relation and f.related_model is Child:
                found.append(model)
                break
    return sorted(found, key=lambda m: m._meta.label)


def change_history_for_child(*, child: Child) -> list[RecordChange]:
    """Every change to the child's record and to the case tables that belong to the child
    (placements, legal statuses, visits, notes, reviews, health...), newest first, with
    who made it: the history django-simple-history keeps, read on screen by managers.
    One query per table."""
    changes = []
    for model in _history_models():
        history = model.history.model  # type: ignore[attr-defined]
        rows = history.objects.select_related("history_user")
        rows = rows.filter(id=child.pk) if model is Child else rows.filter(child_id=child.pk)
        what = str(model._meta.verbose_name).capitalize()
        for row in rows:
            changes.append(
                RecordChange(
                    when=row.history_date,
                    what=what,
                    change=CHANGE_WORDS.get(row.history_type, row.history_type),
                    by=row.history_user,
                    row=row,
                )
            )
    return sorted(changes, key=lambda c: c.when, reverse=True)


def changed_fields(change: RecordChange) -> list[str]:
    """The fields a change altered (none listed for an addition or a removal)."""
    if change.change != "Changed":
        return []
    previous = change.row.prev_record
    if previous is None:
        return []
    delta = change.row.diff_against(previous)
    names = {f.name: capfirst(f.verbose_name) for f in change.row.instance_type._meta.fields}
    return [names.get(c.field, c.field) for c in delta.changes]


def record_views_page(*, child: Child) -> QuerySet[ChildRecordView]:
    """Every view of the child's record, newest first, for paging."""
    return child.record_views.select_related("user__partner_organisation").order_by(
        "-viewed_at", "-pk"
    )


def record_views_for_child(*, child: Child, limit: int = 50) -> QuerySet[ChildRecordView]:
    return child.record_views.select_related("user__partner_organisation").order_by("-viewed_at")[
        :limit
    ]


def caseload_for(
    *,
    user: User,
    search: str = "",
    scope: str = "all",
    legal_status: str = "",
    placement_type: str = "",
) -> QuerySet[Child]:
    """The user's visible children with their current social worker, team, placement and
    legal status, for lists. `scope`: "mine" (allocated to the user), "team" (held by the
    user's teams) or "all" (everything they may see)."""
    children = children_visible_to(user=user)
    if scope == "mine":
        children = children.filter(
            pk__in=current_allocations().filter(worker=user).values("child_id")
        )
    elif scope == "team":
        children = children.filter(
            pk__in=current_allocations()
            .filter(kind=AllocationKind.TEAM, team_id__in=team_ids_for(user=user))
            .values("child_id")
        )
    if search:
        terms = search.split()
        for term in terms:
            children = children.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(la_reference__iexact=term)
            )
    from children import codes
    from children.models import LegalStatusRecord, Placement

    if legal_status in codes.LegalStatus.values:
        holding = LegalStatusRecord.objects.filter(end_date__isnull=True, code=legal_status)
        children = children.filter(pk__in=holding.values("child_id"))
    if placement_type in codes.PlacementType.values:
        placed = Placement.objects.filter(end_date__isnull=True, placement_type=placement_type)
        children = children.filter(pk__in=placed.values("child_id"))
    current = current_allocations().filter(child=OuterRef("pk")).order_by("-start_date", "-pk")
    sw = current.filter(kind=AllocationKind.SOCIAL_WORKER)
    team = current.filter(kind=AllocationKind.TEAM)
    placement = Placement.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    legal = LegalStatusRecord.objects.filter(child=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date", "-pk"
    )
    return children.annotate(
        social_worker_first=Subquery(sw.values("worker__first_name")[:1]),
        social_worker_last=Subquery(sw.values("worker__last_name")[:1]),
        team_name=Subquery(team.values("team__name")[:1]),
        placement_type=Subquery(placement.values("placement_type")[:1]),
        legal_status=Subquery(legal.values("code")[:1]),
    ).order_by("last_name", "first_name", "pk")


def possible_duplicates(
    *, first_name: str, last_name: str, date_of_birth: date, nhs_number: str = ""
) -> list[Child]:
    """Children who may be the same person: same name and date of birth, or same NHS number."""
    same = Q(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    nhs = nhs_number.replace(" ", "")
    if nhs:
        same |= Q(nhs_number=nhs)
    return list(Child.objects.filter(same).order_by("pk")[:5])


def _short_breaks(child: Child, periods: list) -> dict:
    """The child's series of short breaks (reg 48), each with its breaks: one query."""
    series = list(child.short_break_series.order_by("start_date", "pk"))
    return {
        "short_breaks": [
            {"series": s, "breaks": [p for p in periods if p.short_break_series_id == s.pk]}
            for s in series
        ],
        "open_short_breaks": next((s for s in series if s.end_date is None), None),
    }


def child_record(*, child: Child) -> dict:
    """What the child's own part of the page shows (the child, reloaded with what it
    keeps prefetched; periods of care, placements, legal statuses, allocations...), in a
    fixed number of queries. The other apps' parts are the sections of children.child_page."""
    from django.db.models import Prefetch

    from children.episodes import episodes_for_child
    from children.models import LegalStatusRecord, Placement

    child = (
        Child.objects.filter(pk=child.pk)
        .prefetch_related(
            Prefetch(
                "periods_of_care",
                queryset=PeriodOfCare.objects.select_related("short_break_series"),
            ),
            Prefetch(
                "legal_statuses", queryset=LegalStatusRecord.objects.order_by("start_date", "pk")
            ),
            Prefetch("placements", queryset=Placement.objects.order_by("start_date", "pk")),
            "nationalities",
            "permanence_plans",
            "addresses",
            "warnings",
            "relationships",
            "adoptions",
            Prefetch(
                "shares",
                queryset=ChildShare.objects.select_related("organisation", "shared_by").order_by(
                    "-start_date", "pk"
                ),
            ),
        )
        .get()
    )
    today = timezone.localdate()
    placements = list(child.placements.all())
    statuses = list(child.legal_statuses.all())
    periods = sorted(child.periods_of_care.all(), key=lambda p: p.start_date)
    allocations = list(allocations_for_child(child=child))
    current_allocations_list = [
        a
        for a in allocations
        if a.start_date <= today and (a.end_date is None or a.end_date > today)
    ]

    open_period = next((p for p in periods if p.end_date is None), None)
    eighteen = codes.birthday(child.date_of_birth, 18)
    return {
        "child": child,
        # Care ends at 18 (Children Act 1989 s105(1)): a period still open on or after
        # the 18th birthday is to be ended on it (the return leaves the child out).
        "care_to_end_at_18": eighteen if open_period and today >= eighteen else None,
        "periods": periods,
        "open_period": open_period,
        **_short_breaks(child, periods),
        "placements": placements,
        "current_placement": next((p for p in placements if p.end_date is None), None),
        "legal_statuses": statuses,
        "current_legal_statuses": [s for s in statuses if s.end_date is None],
        "allocations": allocations,
        "current_allocations": current_allocations_list,
        "permanence_plans": sorted(child.permanence_plans.all(), key=lambda p: p.start_date),
        "nationalities": list(child.nationalities.all()),
        "warnings": [w for w in child.warnings.all() if w.end_date is None or w.end_date > today],
        "episodes": episodes_for_child(child),
        "adoptions": sorted(child.adoptions.all(), key=lambda a: a.decision_date),
        "addresses": sorted(child.addresses.all(), key=lambda a: a.start_date, reverse=True),
        "relationships": list(child.relationships.all()),
        "shares": list(child.shares.all()),
    }
