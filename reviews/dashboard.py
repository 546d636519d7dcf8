"""The IRO's home page: the statutory work of an IRO's caseload in one place, and the
same for the whole service for an IRO manager, with a row for each IRO.

Every figure is a count of deadline rows (deadlines.rules) or of records, among the
children the user may see, and each leads to the list of children behind it.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from accounts.models import Role, User
from children.models import AllocationKind, Child
from children.selectors import children_visible_to, current_allocations
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from deadlines.rules import REGISTRY
from deadlines.selectors import for_listing

# How many rows each panel shows; the link leads to the rest.
PANEL_ROWS = 10


@dataclass(frozen=True)
class Panel:
    """One kind of IRO work: its title, how many there are, the first few, and the
    list of all of them."""

    key: str
    title: str
    total: int
    rows: list
    url: str
    empty: str
    # How its rows are shown.
    template: str = "deadlines/rows.html"


@dataclass
class IroRow:
    """One IRO's figures on the manager's view."""

    iro: User
    children: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # The counts in the order of the dashboard's columns.
    cells: list[int] = field(default_factory=list)


@dataclass
class Dashboard:
    whole_service: bool
    panels: list[Panel]
    # The IRO's own children with their next review (an IRO), or a row per IRO (a manager).
    caseload: list[tuple[Child, Deadline | None]] = field(default_factory=list)
    iros: list[IroRow] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)


# The deadline panels: key, rule, statuses, title, what "none" reads as. A panel whose
# rule is not in the registry is left out. Children waiting for an IRO are shown to the
# IRO manager, who allocates IROs; they are no IRO's work yet.
DEADLINE_PANELS = [
    (
        "waiting_for_iro",
        "iro_allocation",
        (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.UPCOMING),
        "Children waiting for an IRO",
        "Every child in care has an IRO.",
    ),
    (
        "reviews_overdue",
        "cic_review",
        (DeadlineStatus.OVERDUE,),
        "Reviews overdue",
        "No review is overdue.",
    ),
    (
        "reviews_due_soon",
        "cic_review",
        (DeadlineStatus.DUE_SOON,),
        "Reviews due soon",
        "No review is due soon.",
    ),
    (
        "recommendations_not_issued",
        "review_recommendations",
        (DeadlineStatus.OVERDUE,),
        "Recommendations not issued in time",
        "Every review's recommendations were issued in time.",
    ),
    (
        "minutes_overdue",
        "review_minutes",
        (DeadlineStatus.OVERDUE,),
        "Minutes overdue",
        "No review's minutes are overdue.",
    ),
    (
        "midway_due",
        "midway_review",
        (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON),
        "Midway reviews due",
        "No midway review is due soon.",
    ),
]


MANAGER_PANELS = frozenset({"waiting_for_iro"})
# The panels counted for each IRO on the manager's page (by_iro).
IRO_COLUMNS = frozenset(p[0] for p in DEADLINE_PANELS) - MANAGER_PANELS


def can_see_dashboard(*, user: User) -> bool:
    return user.is_authenticated and user.role in (Role.IRO, Role.IRO_MANAGER)


def _deadline_panels(*, whole_service: bool) -> list[tuple]:
    """The deadline panels the page shows: those whose rule is registered, and the
    manager's own only to a manager."""
    return [
        spec
        for spec in DEADLINE_PANELS
        if spec[1] in REGISTRY and (spec[0] not in MANAGER_PANELS or whole_service)
    ]


def panel_deadlines(*, user: User, key: str) -> QuerySet[Deadline]:
    """The open deadlines behind deadline panel `key` for `user` (KeyError if there is no
    such panel): the rows its figure counts."""
    _key, rule, statuses, _title, _empty = next(p for p in DEADLINE_PANELS if p[0] == key)
    from reviews.selectors import iro_children

    return Deadline.objects.filter(
        child__in=iro_children(user=user), rule=rule, status__in=statuses
    )


def deadline_panel_counts(*, user: User, panels: list[tuple]) -> dict[str, int]:
    """How many deadlines each of `panels` holds for `user`: one grouped query, by rule
    and status, over the panels' rules. Each count is `panel_deadlines(...).count()`."""
    from reviews.selectors import iro_children

    keys: dict[tuple[str, str], list[str]] = {}
    for key, rule, statuses, _title, _empty in panels:
        for status in statuses:
            keys.setdefault((rule, str(status)), []).append(key)
    counts = dict.fromkeys((p[0] for p in panels), 0)
    if not panels:
        return counts
    grouped = (
        Deadline.objects.filter(
            child__in=iro_children(user=user),
            rule__in={rule for rule, _status in keys},
            status__in={status for _rule, status in keys},
        )
        .order_by()
        .values_list("rule", "status")
        .annotate(n=Count("*"))
    )
    for rule, status, n in grouped:
        for key in keys.get((rule, status), []):
            counts[key] += n
    return counts


def _list_url(user: User, key: str, rule: str, statuses: tuple) -> str:
    """Where a deadline panel's figure leads: the work list filtered to the panel's rule
    (and status), or the panel's own list where the work list cannot show exactly its
    rows (a manager's panel of two statuses out of three)."""
    if user.role == Role.IRO_MANAGER:
        if set(statuses) == set(OPEN_STATUSES):
            query = {"rule": rule}
        elif len(statuses) == 1:
            query = {"rule": rule, "status": statuses[0]}
        else:
            return reverse("reviews:work", args=[key])
        return f"{reverse('deadlines:service')}?{urlencode(query)}"
    return f"{reverse('deadlines:my_work')}?{urlencode({'rule': rule})}"


def _shows_rows(*, whole_service: bool, key: str) -> bool:
    """An IRO sees the first rows of each panel (their own caseload's). An IRO manager
    sees the whole service's work as figures, each leading to its list, and the rows of
    their own work only: the children waiting for an IRO."""
    return not whole_service or key in MANAGER_PANELS


def iro_dashboard(*, user: User) -> Dashboard:
    """The IRO's work (their caseload), or an IRO manager's (the whole service). Each
    figure is counted in the database (one grouped query for the deadline panels, one
    count for each other panel) and at most the first PANEL_ROWS rows of a panel are
    read: the page costs the same whatever the size of the service."""
    from reviews.selectors import caseload_with_next_review

    whole_service = user.role == Role.IRO_MANAGER
    specs = _deadline_panels(whole_service=whole_service)
    totals = deadline_panel_counts(user=user, panels=specs)
    panels = []
    for key, rule, statuses, title, empty in specs:
        total = totals[key]
        rows = (
            list(for_listing(panel_deadlines(user=user, key=key))[:PANEL_ROWS])
            if total and _shows_rows(whole_service=whole_service, key=key)
            else []
        )
        panels.append(
            Panel(
                key=key,
                title=title,
                total=total,
                rows=rows,
                url=_list_url(user, key, rule, statuses),
                empty=empty,
            )
        )
    panels = _in_order(panels + _record_panels(user, whole_service=whole_service))
    dashboard = Dashboard(whole_service=whole_service, panels=panels)
    if whole_service:
        # A column for each deadline panel an IRO's work is counted in.
        dashboard.columns = [(p.key, p.title) for p in panels if p.key in IRO_COLUMNS]
        dashboard.iros = by_iro(user=user)
        for row in dashboard.iros:
            row.cells = [row.counts.get(key, 0) for key, _title in dashboard.columns]
    else:
        dashboard.caseload = caseload_with_next_review(user=user, iro=user)
    return dashboard


# The order of the panels on the page: what is late first, then what to arrange.
PANEL_ORDER = [
    "waiting_for_iro",
    "reviews_overdue",
    "reviews_due_soon",
    "reviews_to_book",
    "bookings_upcoming",
    "recommendations_not_issued",
    "minutes_overdue",
    "recommendations_overdue",
    "midway_due",
    "open_resolutions",
]


def _in_order(panels: list[Panel]) -> list[Panel]:
    return sorted(panels, key=lambda p: PANEL_ORDER.index(p.key))


@dataclass(frozen=True)
class RecordList:
    """A panel read from the IRO's own records rather than the deadlines."""

    title: str
    empty: str
    template: str


RECORD_LISTS = {
    "reviews_to_book": RecordList(
        "Reviews to book",
        "Every review due in the next 8 weeks is booked.",
        "deadlines/rows.html",
    ),
    "bookings_upcoming": RecordList(
        "Reviews booked", "No review is booked.", "reviews/dashboard_bookings.html"
    ),
    "recommendations_overdue": RecordList(
        "Recommendations overdue",
        "No recommendation is overdue.",
        "reviews/dashboard_recommendations.html",
    ),
}


def record_rows(*, user: User, key: str) -> QuerySet:
    """The records behind panel `key` (one of RECORD_LISTS) for `user`, in the order the
    page lists them: the rows its figure counts."""
    from reviews.selectors import bookings_upcoming, deadlines_to_book, recommendations_overdue

    if key == "reviews_to_book":
        return deadlines_to_book(user=user)
    if key == "bookings_upcoming":
        return bookings_upcoming(user=user)
    if key == "recommendations_overdue":
        return recommendations_overdue(user=user)
    raise KeyError(key)


def _record_panels(user: User, *, whole_service: bool) -> list[Panel]:
    """The panels read from the IRO's own records rather than the deadlines: reviews to
    book, reviews booked, recommendations overdue and open dispute resolutions. Each is
    counted in the database and only its first rows are read, if shown."""
    from resolutions.selectors import open_resolution_records, soonest_open_resolutions

    panels = []
    for key, spec in RECORD_LISTS.items():
        rows = record_rows(user=user, key=key)
        total = rows.count()
        shown = total and _shows_rows(whole_service=whole_service, key=key)
        panels.append(
            Panel(
                key=key,
                title=spec.title,
                total=total,
                rows=list(rows[:PANEL_ROWS]) if shown else [],
                url=reverse("reviews:work", args=[key]),
                empty=spec.empty,
                template=spec.template,
            )
        )
    total = open_resolution_records(user=user).count()
    shown = total and _shows_rows(whole_service=whole_service, key="open_resolutions")
    panels.append(
        Panel(
            key="open_resolutions",
            title="Open dispute resolutions",
            total=total,
            rows=soonest_open_resolutions(user=user, limit=PANEL_ROWS) if shown else [],
            url=reverse("resolutions:open"),
            empty="No dispute resolution is open.",
            template="reviews/dashboard_resolutions.html",
        )
    )
    return panels


def by_iro(*, user: User) -> list[IroRow]:
    """Each IRO's caseload and the number of deadlines in each deadline panel, among
    the children `user` may see: two queries.

    A deadline counts for the child's IRO: the current IRO allocation that started last
    (the later-made one of two that started the same day). The deadlines are joined to
    those allocations and grouped in the database, rather than the IRO being looked up
    for each deadline."""
    from reviews.selectors import iro_caseloads

    rows = {c.iro.pk: IroRow(c.iro, c.children) for c in iro_caseloads(user=user)}
    current_iro = current_allocations().filter(kind=AllocationKind.IRO)
    later = current_iro.filter(child_id=OuterRef("child_id")).filter(
        Q(start_date__gt=OuterRef("start_date"))
        | Q(start_date=OuterRef("start_date"), pk__gt=OuterRef("pk"))
    )
    panels: dict[tuple[str, str], str] = {
        (rule, str(status)): key
        for key, rule, statuses, _title, _empty in DEADLINE_PANELS
        for status in statuses
    }
    counted = (
        current_iro.filter(child__in=children_visible_to(user=user))
        .exclude(Exists(later))
        # One filter() for both conditions: one join to the deadlines, used by the grouping.
        .filter(
            child__deadlines__rule__in={rule for rule, _status in panels},
            child__deadlines__status__in={status for _rule, status in panels},
        )
        .order_by()
        .values_list("worker_id", "child__deadlines__rule", "child__deadlines__status")
        .annotate(n=Count("child__deadlines__id"))
    )
    for iro, rule, status, n in counted:
        key = panels.get((rule, status))
        if key is not None and iro in rows:
            rows[iro].counts[key] = rows[iro].counts.get(key, 0) + n
    return list(rows.values())


@dataclass(frozen=True)
class PanelList:
    """Every row behind one panel of the home page, for its own paginated page."""

    key: str
    title: str
    rows: QuerySet
    empty: str
    template: str


def panel_list(*, user: User, key: str) -> PanelList | None:
    """The full list behind panel `key` for `user`: the same rows the panel counts, in
    the same order. None for a panel with no list here (open dispute resolutions have
    their own page) or one the user's page does not show."""
    if key in RECORD_LISTS:
        spec = RECORD_LISTS[key]
        return PanelList(
            key, spec.title, record_rows(user=user, key=key), spec.empty, spec.template
        )
    whole_service = user.role == Role.IRO_MANAGER
    for panel_key, _rule, _statuses, title, empty in _deadline_panels(whole_service=whole_service):
        if panel_key == key:
            rows = for_listing(panel_deadlines(user=user, key=key))
            return PanelList(key, title, rows, empty, "deadlines/rows.html")
    return None
