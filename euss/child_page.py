"""The EU Settlement Scheme on the child's page (children.child_page): its alert (the
section's `euss_banner`) and its record."""

from children.child_page import ALERTS, MAIN, ChildPage, Section, add_section, section
from euss.selectors import euss_for_child

add_section(Section("euss.banner", ALERTS, 30, "euss/child_page/banner.html", 0))


@section(
    "euss",
    place=MAIN,
    position=500,
    template="euss/child_section.html",
    queries=1,
    gives={"euss_record", "euss_eligible", "euss_relevant", "euss_banner"},
)
def _euss(page: ChildPage) -> dict:
    return euss_for_child(child=page.child, today=page.today)
