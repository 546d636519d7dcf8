"""The health part of the child's page (children.child_page): its open deadlines, from
the page's deadlines."""

from children.child_page import MAIN, ChildPage, section
from health.selectors import health_section_for_child


@section(
    "health",
    place=MAIN,
    position=600,
    template="health/child_section.html",
    queries=0,
    gives={"health_open_deadlines", "health_overdue"},
)
def _health(page: ChildPage) -> dict:
    return health_section_for_child(deadlines=page.shared("deadlines"))
