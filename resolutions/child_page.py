"""The dispute resolutions and Quality of Practice forms on the child's page
(children.child_page)."""

from accounts.permissions import Action, allows
from children.child_page import MAIN, ChildPage, section
from resolutions.selectors import child_section


@section(
    "resolutions",
    place=MAIN,
    position=300,
    template="resolutions/child_section.html",
    queries=8,
    gives={"resolution_rows", "qop_forms", "can_raise_resolution"},
)
def _resolutions(page: ChildPage) -> dict:
    return child_section(child=page.child) | {
        "can_raise_resolution": allows(user=page.user, action=Action.RAISE_RESOLUTION)
    }
