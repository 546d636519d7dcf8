"""The education summary on the child's page (children.child_page)."""

from children.child_page import MAIN, ChildPage, section
from education.selectors import education_summary_for_child


@section(
    "education",
    place=MAIN,
    position=700,
    template="education/child_section.html",
    queries=1,
    gives={"education_summary"},
)
def _education(page: ChildPage) -> dict:
    return education_summary_for_child(child=page.child, deadlines=page.shared("deadlines"))
