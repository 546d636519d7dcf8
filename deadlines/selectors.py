"""Reads of deadlines. Every list starts from `children_visible_to`, the one access rule."""

from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from accounts.models import Role, User
from children.models import Child
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from deadlines.rules import REGISTRY, RESPONSIBLE


def deadlines_for_child(*, child: Child) -> list[Deadline]:
    """All of a child's deadlines: open ones first by due date, then the rest, newest first."""
    rows = list(Deadline.objects.filter(child=child))
    open_rows = sorted((d for d in rows if d.status in OPEN_STATUSES), key=lambda d: d.due_date)
    closed = sorted(
        (d for d in rows if d.status not in OPEN_STATUSES), key=lambda d: d.due_date, reverse=True
    )
    return open_rows + closed


def overdue_for_child(*, child: Child) -> list[Deadline]:
    """The child's overdue deadlines, for the front page."""
    return list(
        Deadline.objects.filter(child=child, status=DeadlineStatus.OVERDUE).order_by("due_date")
    )


def open_deadlines_visible_to(*, user: User) -> QuerySet[Deadline]:
    from children.selectors import children_visible_to

    return Deadline.objects.filter(
        status__in=OPEN_STATUSES, child__in=children_visible_to(user=user)
    )


def rules_owned_by(responsible: str) -> list[str]:
    return [r.code for r in REGISTRY.values() if r.responsible == responsible]


def my_work(*, user: User) -> QuerySet[Deadline]:
    """The open deadlines that are `user`'s work: for each rule, the children the user
    is currently allocated to in the rule's `responsible` kind (the social worker for
    visits, the IRO for reviews...); rules owned by a role (`responsible` is a role,
    such as the IRO manager who allocates IROs) for every holder of that role; rules
    owned by a registered responsibility (deadlines.rules.register_responsible) for
    the occasions it names the user for. Always
    within the children the user may see."""
    from children.models import AllocationKind
    from children.selectors import children_visible_to, current_allocations

    kinds = {r.responsible for r in REGISTRY.values()}
    # The user's children by kind of allocation, and the keys of the stages they answer,
    # read first (two small queries) and given as lists: each branch below is then a
    # condition on the deadline's own columns, which PostgreSQL finds through an index,
    # rather than a subquery tested against every open deadline of the service.
    held: dict[str, list[int]] = {}
    for child_id, allocation_kind in (
        current_allocations().filter(worker=user).values_list("child_id", "kind")
    ):
        held.setdefault(allocation_kind, []).append(child_id)
    mine = Q(pk__in=[])
    for kind in kinds:
        codes = rules_owned_by(kind)
        # "social_worker" and "iro" name both a role and a kind of allocation: the
        # allocation decides, or a social worker would have every team child's visits.
        if kind in AllocationKind.values:
            if held.get(kind):
                mine |= Q(rule__in=codes, child_id__in=held[kind])
        elif kind in Role.values and user.role == kind:
            mine |= Q(rule__in=codes)
        elif kind in RESPONSIBLE:
            # The occasions the user answers for (the dispute resolution stages they are
            # named to answer), as the app that knows them registered.
            keys = list(RESPONSIBLE[kind](user))
            if keys:
                mine |= Q(rule__in=codes, key__in=keys)
    return Deadline.objects.filter(
        mine, status__in=OPEN_STATUSES, child__in=children_visible_to(user=user)
    )


@dataclass(frozen=True)
class WorkSummary:
    """How many of a user's deadlines are overdue, due soon and later (the home page)."""

    overdue: int
    due_soon: int
    upcoming: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.upcoming


def my_work_summary(*, user: User) -> WorkSummary:
    """My work's size by status: one query."""
    counts = counts_by_status(my_work(user=user))
    return WorkSummary(
        counts.get(DeadlineStatus.OVERDUE, 0),
        counts.get(DeadlineStatus.DUE_SOON, 0),
        counts.get(DeadlineStatus.UPCOMING, 0),
    )


# --- work lists ------------------------------------------------------------------------

# The open statuses in the order the work lists show them: most urgent first.
OPEN_ORDER = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.UPCOMING)

CSV_COLUMNS = [
    "Child reference",
    "Child name",
    "Rule",
    "Due date",
    "Status",
    "Explanation",
    "Source",
]


def can_see_team_work(*, user: User) -> bool:
    """Team managers, and anyone who manages a team, see their teams' deadlines."""
    if not (user.is_authenticated and user.is_active and user.sees_case_records):
        return False
    return user.role == Role.TEAM_MANAGER or user.managed_teams.exists()


def can_see_service_work(*, user: User) -> bool:
    """Those who see every child (senior managers, IRO managers) see every deadline."""
    from children.selectors import SEE_ALL_ROLES

    return user.is_authenticated and user.is_active and user.role in SEE_ALL_ROLES


def team_work(*, user: User) -> QuerySet[Deadline]:
    """The open deadlines of the children currently held by the teams `user` manages or
    belongs to, within the children they may see. Callers check `can_see_team_work`."""
    from children.models import AllocationKind
    from children.selectors import (
        children_visible_to,
        current_allocations,
        sees_every_child_their_teams_hold,
        team_ids_for,
    )

    held = current_allocations().filter(
        kind=AllocationKind.TEAM, team_id__in=team_ids_for(user=user)
    )
    deadlines = Deadline.objects.filter(
        status__in=OPEN_STATUSES, child_id__in=held.values("child_id")
    )
    # Where the access rule gives the user every child their teams hold, a second
    # semi-join on the visible children would only make PostgreSQL misjudge how many
    # rows there are.
    if sees_every_child_their_teams_hold(user=user):
        return deadlines
    return deadlines.filter(child__in=children_visible_to(user=user))


def service_work(*, user: User) -> QuerySet[Deadline]:
    """Every open deadline `user` may see (every child's, for those in SEE_ALL_ROLES).
    Callers check `can_see_service_work`."""
    return open_deadlines_visible_to(user=user)


def filter_work(
    deadlines: QuerySet[Deadline], *, rule: str = "", status: str = ""
) -> QuerySet[Deadline]:
    """Narrow a work list to one rule and one status; an empty value keeps them all."""
    if rule:
        deadlines = deadlines.filter(rule=rule)
    if status:
        deadlines = deadlines.filter(status=status)
    return deadlines


def for_listing(deadlines: QuerySet[Deadline]) -> QuerySet[Deadline]:
    """The rows of a work list with the child's name and reference, most urgent first:
    overdue, then due soon, then later; within each, by due date."""
    rank = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(OPEN_ORDER)),
        default=Value(len(OPEN_ORDER)),
        output_field=IntegerField(),
    )
    return (
        deadlines.select_related("child")
        .only(
            "id",
            "rule",
            "due_date",
            "status",
            "explanation",
            "child__id",
            "child__la_reference",
            "child__first_name",
            "child__last_name",
        )
        .annotate(urgency=rank)
        .order_by("urgency", "due_date", "child__last_name", "pk")
    )


def listed_rows(listed: QuerySet[Deadline], start: int, stop: int) -> list[Deadline]:
    """Rows `start` to `stop` of a `for_listing` queryset, in two queries: the ids in
    their order first (the sort reads only indexed columns, not every row's explanation),
    then those rows."""
    ids = list(listed.values_list("pk", flat=True)[start:stop])
    rows = {d.pk: d for d in listed.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class ListingPaginator(Paginator):
    """A Paginator for a `for_listing` queryset whose page is read by `listed_rows`."""

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        listed = cast(QuerySet[Deadline], self.object_list)
        return Page(listed_rows(listed, bottom, top), number, self)


def counts_by_status(deadlines: QuerySet[Deadline]) -> dict[str, int]:
    """How many of `deadlines` have each status, in one query."""
    rows = deadlines.order_by().values("status").annotate(n=Count("*"))
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class SummaryCell:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class SummaryRow:
    rule: str
    title: str
    cells: list[SummaryCell]
    total: int


def summary_by_rule(deadlines: QuerySet[Deadline]) -> list[SummaryRow]:
    """Counts of `deadlines` by rule and open status, in one query: every registered rule,
    then any rule no longer registered that still has rows. Each count is the number of
    rows `filter_work(deadlines, rule=..., status=...)` lists."""
    rows = deadlines.order_by().values("rule", "status").annotate(n=Count("*"))
    counts = {(row["rule"], row["status"]): row["n"] for row in rows}
    codes = list(REGISTRY) + sorted({rule for rule, _ in counts} - set(REGISTRY))
    summary = []
    for code in codes:
        cells = [
            SummaryCell(status, status.label, counts.get((code, status), 0))
            for status in OPEN_ORDER
        ]
        registered = REGISTRY.get(code)
        summary.append(
            SummaryRow(
                rule=code,
                title=registered.title if registered else code,
                cells=cells,
                total=sum(c.count for c in cells),
            )
        )
    return summary


def summary_total(summary: list[SummaryRow], *, rule: str = "", status: str = "") -> int:
    """How many rows `filter_work(deadlines, rule=..., status=...)` lists, from the
    summary of `deadlines`: the sum of the counts that the filter keeps."""
    return sum(
        cell.count
        for row in summary
        if not rule or row.rule == rule
        for cell in row.cells
        if not status or cell.status == status
    )


def csv_cells(deadline: Deadline) -> list[str]:
    """One row of a work list's CSV, in the order of CSV_COLUMNS."""
    return [
        deadline.child.la_reference,
        deadline.child.full_name,
        deadline.rule_title,
        deadline.due_date.isoformat(),
        deadline.get_status_display(),
        deadline.explanation,
        deadline.rule_source,
    ]


def deadline_history_for_child(*, child: Child) -> QuerySet:
    """The history of every deadline of the child (created, changed), newest first."""
    return Deadline.history.filter(child_id=child.pk).order_by("-history_date", "-history_id")
