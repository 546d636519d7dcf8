"""The leaving-care part of the child's page (children.child_page), from the periods of
care and legal statuses the page has loaded."""

from care_leavers.selectors import care_leaver_for_child
from children.child_page import MAIN, ChildPage, section


@section(
    "care_leavers",
    place=MAIN,
    position=800,
    template="care_leavers/child_section.html",
    queries=5,
    gives={"care_leaver", "leaving_care"},
)
def _care_leaver(page: ChildPage) -> dict:
    return care_leaver_for_child(
        child=page.child, periods=page.periods, statuses=page.legal_statuses
    )
