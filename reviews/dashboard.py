"""The IRO's home page: the statutory work of an IRO's caseload in one place, and the
same for the whole service for an IRO manager, with a row for each IRO.

Every figure is a count of deadline rows (deadlines.rules) or of records, among the
children the user may see, and each leads to the list of children behind it.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Subquery
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


def can_see_dashboard(*, user: User) -> bool:
    return user.is_authenticated and user.role in (Role.IRO, Role.IRO_MANAGER)


def _list_url(user: User, rule: str, status: str) -> str:
    if user.role == Role.IRO_MANAGER:
        query = {"rule": rule, **({"status": status} if status else {})}
        return f"{reverse('deadlines:service')}?{urlencode(query)}"
    return f"{reverse('deadlines:my_work')}?{urlencode({'rule': rule})}"


def iro_dashboard(*, user: User) -> Dashboard:
    """The IRO's work (their caseload), or an IRO manager's (the whole service)."""
    from reviews.selectors import _iro_children, caseload_with_next_review

    children = _iro_children(user)
    deadlines = Deadline.objects.filter(child__in=children, status__in=OPEN_STATUSES)
    panels = []
    whole_service = user.role == Role.IRO_MANAGER
    for key, rule, statuses, title, empty in DEADLINE_PANELS:
        if rule not in REGISTRY or (key in MANAGER_PANELS and not whole_service):
            continue
        rows = deadlines.filter(rule=rule, status__in=statuses)
        panels.append(
            Panel(
                key=key,
                title=title,
                total=rows.count(),
                rows=list(for_listing(rows)[:PANEL_ROWS]),
                url=_list_url(user, rule, statuses[0] if len(statuses) == 1 else ""),
                empty=empty,
            )
        )
    panels = _in_order(panels + _record_panels(user))
    dashboard = Dashboard(whole_service=whole_service, panels=panels)
    if whole_service:
        dashboard.columns = [(p.key, p.title) for p in panels if p.key not in MANAGER_PANELS]
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


def _record_panels(user: User) -> list[Panel]:
    """The panels read from the IRO's own records rather than the deadlines: reviews to
    book, reviews booked, recommendations overdue and open dispute resolutions."""
    from resolutions.selectors import open_resolutions
    from reviews.selectors import bookings_upcoming, recommendations_overdue, reviews_to_book

    to_book = reviews_to_book(user=user)
    booked = bookings_upcoming(user=user)
    overdue = recommendations_overdue(user=user)
    resolutions = open_resolutions(user=user)
    caseload = reverse(
        "deadlines:service" if user.role == Role.IRO_MANAGER else "deadlines:my_work"
    )
    return [
        Panel(
            key="reviews_to_book",
            title="Reviews to book",
            total=len(to_book),
            rows=to_book[:PANEL_ROWS],
            url=f"{caseload}?{urlencode({'rule': 'cic_review'})}",
            empty="Every review due in the next 8 weeks is booked.",
        ),
        Panel(
            key="bookings_upcoming",
            title="Reviews booked",
            total=booked.count(),
            rows=list(booked[:PANEL_ROWS]),
            url="",
            empty="No review is booked.",
            template="reviews/dashboard_bookings.html",
        ),
        Panel(
            key="recommendations_overdue",
            title="Recommendations overdue",
            total=overdue.count(),
            rows=list(overdue[:PANEL_ROWS]),
            url="",
            empty="No recommendation is overdue.",
            template="reviews/dashboard_recommendations.html",
        ),
        Panel(
            key="open_resolutions",
            title="Open dispute resolutions",
            total=len(resolutions),
            rows=resolutions[:PANEL_ROWS],
            url=reverse("resolutions:open"),
            empty="No dispute resolution is open.",
            template="reviews/dashboard_resolutions.html",
        ),
    ]


def by_iro(*, user: User) -> list[IroRow]:
    """Each IRO's caseload and the number of deadlines in each deadline panel, among
    the children `user` may see: two queries."""
    from reviews.selectors import iro_caseloads

    rows = {c.iro.pk: IroRow(c.iro, c.children) for c in iro_caseloads(user=user)}
    iro_of = current_allocations().filter(kind=AllocationKind.IRO, child_id=OuterRef("child_id"))
    open_rows = Deadline.objects.filter(
        child__in=children_visible_to(user=user), status__in=OPEN_STATUSES
    ).annotate(iro=Subquery(iro_of.values("worker_id")[:1]))
    counted = (
        open_rows.filter(iro__isnull=False)
        .values("iro", "rule", "status")
        .annotate(n=Count("pk"))
        .values_list("iro", "rule", "status", "n")
    )
    panels: dict[tuple[str, str], str] = {
        (rule, str(status)): key
        for key, rule, statuses, _title, _empty in DEADLINE_PANELS
        for status in statuses
    }
    for iro, rule, status, n in counted:
        key = panels.get((rule, status))
        if key is not None and iro in rows:
            rows[iro].counts[key] = rows[iro].counts.get(key, 0) + n
    return list(rows.values())
