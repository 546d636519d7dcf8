"""The child's page, assembled from the sections the apps register.

`children` loads what it keeps of the child (periods of care, placements, legal statuses,
allocations...) once, as a `ChildPage`; every other part of the page is a *section* an
app registers in its own `child_page` module (found by `autodiscover_modules` when the
app registry is ready, children.apps):

    from children.child_page import MAIN, section

    @section("health", place=MAIN, position=600, template="health/child_section.html",
             queries=0, gives={"health_open_deadlines", "health_overdue"})
    def _health(page):
        return health_section_for_child(deadlines=page.shared("deadlines"))

A section has a name, a place on the page (`PLACES`) and a position in it (its order
there), a template rendered with the page's context, a budget of queries (its build and
its template's rendering together: tests/children/test_child_page_sections.py checks
each one), and the names of the context it gives (`gives`). Two sections giving the same
name, or a section giving a name of the page's own, is an error, never a silent win.

A value several sections need (the child's deadlines) is a *shared value*: registered
once with `shared`, computed the first time a section asks `page.shared(name)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from accounts.models import User
from children.models import Allocation, Child, LegalStatusRecord, PeriodOfCare, Placement

# The places on the page, top to bottom.
ALERTS = "alerts"  # inside the Alerts box, which shows when one of them says something
BANNERS = "banners"  # warnings under the Alerts
NOW = "now"  # rows of the "Now" summary
NOW_LINKS = "now_links"  # under the "Now" summary
MAIN = "main"  # the page's sections, before the child's own history
PLACES = (ALERTS, BANNERS, NOW, NOW_LINKS, MAIN)

Build = Callable[["ChildPage"], Mapping[str, Any]]


class SectionClash(ImproperlyConfigured):
    """Two sections (or a section and the page itself) give the same name, or a section
    gives a name it did not declare."""


def _nothing(page: ChildPage) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Section:
    name: str
    place: str
    position: int
    template: str
    queries: int
    build: Build = _nothing
    gives: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Shared:
    name: str
    queries: int
    provide: Callable[[ChildPage], Any]


SECTIONS: dict[str, Section] = {}
SHARED: dict[str, Shared] = {}


def add_section(new: Section, *, into: dict[str, Section] | None = None) -> Section:
    """Register `new` (in `into`, the registry by default); refused if its name, its
    place and position, or a name it gives is another section's."""
    registry = SECTIONS if into is None else into
    if new.place not in PLACES:
        raise ImproperlyConfigured(f"Section {new.name!r}: no place {new.place!r} on the page")
    for other in registry.values():
        if other.name == new.name:
            raise ImproperlyConfigured(f"Two sections of the child's page are named {new.name!r}")
        if (other.place, other.position) == (new.place, new.position):
            raise ImproperlyConfigured(
                f"Sections {other.name!r} and {new.name!r} both take position "
                f"{new.position} of {new.place!r}"
            )
        if clash := other.gives & new.gives:
            raise SectionClash(
                f"Sections {other.name!r} and {new.name!r} both give {', '.join(sorted(clash))}"
            )
    registry[new.name] = new
    return new


def section(
    name: str,
    *,
    place: str,
    position: int,
    template: str,
    queries: int,
    gives: frozenset[str] | set[str] = frozenset(),
) -> Callable[[Build], Build]:
    """Register the decorated function as the build of a section (see the module's
    docstring)."""

    def register(build: Build) -> Build:
        add_section(Section(name, place, position, template, queries, build, frozenset(gives)))
        return build

    return register


def shared(name: str, *, queries: int) -> Callable[[Callable[[ChildPage], Any]], Any]:
    """Register the decorated function as the provider of the shared value `name`."""

    def register(provide: Callable[[ChildPage], Any]) -> Callable[[ChildPage], Any]:
        if name in SHARED:
            raise ImproperlyConfigured(f"Two providers of the child page's {name!r}")
        SHARED[name] = Shared(name, queries, provide)
        return provide

    return register


@dataclass
class ChildPage:
    """The child and the records `children` loads for the page, shared by every section."""

    child: Child
    user: User | None
    today: date
    periods: list[PeriodOfCare]
    placements: list[Placement]
    legal_statuses: list[LegalStatusRecord]
    allocations: list[Allocation]
    current_allocations: list[Allocation]
    # What the child's own part of the page shows (children.selectors.child_record).
    base: dict[str, Any]
    _shared: dict[str, Any] = field(default_factory=dict)

    @property
    def open_period(self) -> PeriodOfCare | None:
        return self.base["open_period"]

    def shared(self, name: str) -> Any:
        """The shared value `name`, computed the first time it is asked for."""
        if name not in self._shared:
            try:
                provider = SHARED[name]
            except KeyError:
                raise LookupError(f"No app provides the child page's {name!r}") from None
            self._shared[name] = provider.provide(self)
        return self._shared[name]


def load_page(*, child: Child, user: User | None) -> ChildPage:
    """The child and the records the child's own part of the page shows."""
    from children.selectors import child_record

    base = child_record(child=child)
    return ChildPage(
        child=base["child"],
        user=user,
        today=timezone.localdate(),
        periods=base["periods"],
        placements=base["placements"],
        legal_statuses=base["legal_statuses"],
        allocations=base["allocations"],
        current_allocations=base["current_allocations"],
        base=base,
    )


def ordered(sections: Mapping[str, Section] | None = None) -> list[Section]:
    """The sections by place on the page, then position."""
    registry = SECTIONS if sections is None else sections
    return sorted(registry.values(), key=lambda s: (PLACES.index(s.place), s.position))


def build_section(page: ChildPage, one: Section, *, taken: Mapping[str, str]) -> dict[str, Any]:
    """What `one` gives the page, checked: only the names it declared, none already
    `taken` (name: who gave it)."""
    given = dict(one.build(page))
    if undeclared := set(given) - one.gives:
        raise SectionClash(
            f"Section {one.name!r} gives {', '.join(sorted(undeclared))} it did not declare"
        )
    if clash := {name: taken[name] for name in given if name in taken}:
        raise SectionClash(
            f"Section {one.name!r} gives "
            + ", ".join(f"{name} (given by {who})" for name, who in sorted(clash.items()))
        )
    return given


def page_context(
    page: ChildPage,
    *,
    extra: Mapping[str, Any] | None = None,
    sections: Mapping[str, Section] | None = None,
) -> dict[str, Any]:
    """The child's page's context: the child's own records, what every section gives and
    `extra` (the view's), one name from one giver only; `child_page_sections` lists the
    sections for the template tags that render them (children.templatetags.child_page)."""
    context = dict(page.base)
    taken = dict.fromkeys(context, "the child's record")
    order = ordered(sections)
    for one in order:
        given = build_section(page, one, taken=taken)
        context |= given
        taken |= dict.fromkeys(given, one.name)
    for name, value in (extra or {}).items():
        if name in taken:
            raise SectionClash(f"The page's {name!r} is already given by {taken[name]}")
        context[name] = value
    context["child_page_sections"] = order
    return context


# --- the child's own sections: the other apps' go between them ----------------------

for _own in (
    Section("children.warnings", ALERTS, 20, "children/child_page/warnings.html", 0),
    Section("children.care_past_18", BANNERS, 10, "children/child_page/care_past_18.html", 0),
    Section("children.looked_after", NOW, 10, "children/child_page/now_care.html", 0),
    Section("children.placement", NOW, 30, "children/child_page/now_placement.html", 0),
    Section("children.short_breaks", MAIN, 1000, "children/short_breaks.html", 0),
):
    add_section(_own)
