"""The deadlines' part of the child's page (children.child_page): the child's deadlines,
computed once for every section that asks `page.shared("deadlines")`; the overdue ones
near the top; the list of them all, with the next review due."""

from children.child_page import BANNERS, MAIN, ChildPage, section, shared
from deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from deadlines.selectors import deadlines_for_child


@shared("deadlines", queries=1)
def _deadlines(page: ChildPage) -> list[Deadline]:
    return deadlines_for_child(child=page.child)


@section(
    "deadlines.overdue",
    place=BANNERS,
    position=20,
    template="deadlines/child_overdue.html",
    queries=0,
    gives={"overdue_deadlines"},
)
def _overdue(page: ChildPage) -> dict:
    deadlines = page.shared("deadlines")
    return {"overdue_deadlines": [d for d in deadlines if d.status == DeadlineStatus.OVERDUE]}


@section(
    "deadlines",
    place=MAIN,
    position=900,
    template="deadlines/child_section.html",
    queries=0,
    gives={"deadlines", "next_review"},
)
def _all(page: ChildPage) -> dict:
    deadlines = page.shared("deadlines")
    return {
        "deadlines": deadlines,
        "next_review": next(
            (d for d in deadlines if d.rule == "cic_review" and d.status in OPEN_STATUSES), None
        ),
    }
