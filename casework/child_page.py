"""Casework's part of the child's page (children.child_page): the alert while the child
is missing, the last visit in the "Now" summary, the care plan, visits, missing episodes
and youth justice outcomes, and the latest case notes and chronology events. The alert
and the "Now" row read what the casework section gives (`missing_now`, `last_visit`,
`visit_due`)."""

from casework.selectors import casework_for_child, recent_for_child
from children.child_page import ALERTS, MAIN, NOW, Section, add_section, section

add_section(Section("casework.missing_now", ALERTS, 10, "casework/child_page/missing_now.html", 0))
add_section(Section("casework.last_visit", NOW, 20, "casework/child_page/last_visit.html", 0))


@section(
    "casework",
    place=MAIN,
    position=100,
    template="casework/child_section.html",
    queries=5,
    gives={
        "visits",
        "last_visit",
        "visit_due",
        "missing_episodes",
        "missing_now",
        "youth_justice_outcomes",
        "latest_care_plan",
    },
)
def _casework(page):
    return casework_for_child(child=page.child)


@section(
    "casework.recent",
    place=MAIN,
    position=400,
    template="casework/notes_and_chronology_links.html",
    queries=12,
    gives={"recent_case_notes", "recent_events"},
)
def _recent(page):
    return recent_for_child(child=page.child)
