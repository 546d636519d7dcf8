"""The child's page is assembled from the sections the apps register (children.child_page):
each within its query budget on a child with something in every section, and the page
as a whole within the count it had when the sections were written into child_record."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts.models import Role
from care_leavers.models import AccommodationRecord, Contact
from casework import services as casework
from children.child_page import (
    MAIN,
    NOW,
    SECTIONS,
    SHARED,
    Section,
    SectionClash,
    add_section,
    load_page,
    ordered,
    page_context,
)
from children.models import AllocationKind, Warning
from deadlines.services import recompute
from education import services as education
from euss import services as euss
from resolutions import services as resolutions
from resolutions.models import QopReason, Theme
from resolutions.seeds import ensure_lists
from reviews import services as reviews
from tests.care_leavers.helpers import former_relevant, person, with_adviser
from tests.children.builders import register
from tests.factories import allocate
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

ENTERED = date(2025, 1, 6)
# The queries of each child's whole page (a team manager, who also sees the views of
# the record) when every app's part was still merged into children.selectors.child_record.
PAGE_QUERIES = {"looked_after": 54, "care_leaver": 52}


@pytest.fixture
def looked_after(team_a, social_worker, team_manager):
    """A looked-after child with something in every section of the page."""
    child = register(social_worker, ENTERED, nationalities=["FR"])
    allocate(child, team=team_a, start=ENTERED)
    allocate(child, worker=social_worker, start=ENTERED)
    iro = person(Role.IRO, username="iro.page")
    allocate(child, worker=iro, kind=AllocationKind.IRO, start=ENTERED)
    Warning.objects.create(
        child=child, text="Do not share the placement address", start_date=ENTERED
    )
    for n in range(3):
        casework.visit_record(
            child=child,
            visit_date=ENTERED + timedelta(days=7 + 30 * n),
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
        casework.case_note_write(
            child=child,
            note_type="phone_call",
            event_date=ENTERED + timedelta(days=8 + 30 * n),
            subject=f"Call {n}",
            text="Spoke to the carer",
            by=social_worker,
        )
    casework.missing_episode_record(
        child=child, kind="M", start_date=date(2025, 3, 1), by=social_worker
    )
    casework.care_plan_record(child=child, agreed_date=ENTERED, by=social_worker)
    review = reviews.review_record(
        child=child, held_on=date(2025, 2, 1), participation="PN1", imported=True, by=iro
    )
    reviews.recommendation_add(
        review=review,
        text="Update the plan",
        owner=social_worker,
        due_date=date(2025, 3, 1),
        by=iro,
    )
    euss.euss_record_save(
        child=child,
        details=euss.EussDetails(
            status="applied", identified_date=ENTERED, coa_date=ENTERED, coa_reference="C1"
        ),
        by=social_worker,
    )
    education.school_record(
        child=child,
        details=education.SchoolDetails(school_name="Oak Primary", start_date=ENTERED),
        by=social_worker,
    )
    education.sen_status_record(
        child=child, status="sen_support", start_date=ENTERED, by=social_worker
    )
    ensure_lists()
    resolutions.resolution_raise(
        child=child,
        by=iro,
        kind="formal",
        raised_on=date(2025, 4, 1),
        themes=Theme.objects.all()[:1],
        concern="Drift",
        requested="A plan",
        responder=team_manager,
    )
    resolutions.qop_raise(
        child=child,
        by=iro,
        raised_on=date(2025, 4, 2),
        reasons=QopReason.objects.all()[:1],
        details="Chronology",
        recipient=social_worker,
    )
    recompute(child_ids=[child.pk])
    return child


@pytest.fixture
def care_leaver(team_a, team_manager):
    today = date.today()
    adviser = person(Role.PERSONAL_ADVISER, username="pa.page")
    child = with_adviser(former_relevant(today), adviser)
    allocate(child, team=team_a)
    for n in range(3):
        Contact.objects.create(
            child=child, contact_date=today - timedelta(days=n), contact_type="phone", outcome="YES"
        )
        AccommodationRecord.objects.create(
            child=child, start_date=today - timedelta(days=n), accommodation="U", suitable=True
        )
    recompute(child_ids=[child.pk])
    return child


@pytest.mark.parametrize("which", sorted(PAGE_QUERIES))
def test_the_whole_page_runs_no_more_queries_than_before(client, request, team_manager, which):
    child = request.getfixturevalue(which)
    client.force_login(team_manager)
    url = reverse("children:detail", args=[child.pk])
    client.get(url)
    with count_queries() as page:
        response = client.get(url)
    assert response.status_code == 200
    assert page.count <= PAGE_QUERIES[which]


def _section_queries(child, user) -> dict[str, int]:
    """The queries of each shared value and of each section (its build, and its template
    rendered with the page's context), on `child`'s page as `user` sees it."""
    from django.template import Context, engines
    from django.test import RequestFactory

    counts: dict[str, int] = {}
    page = load_page(child=child, user=user)
    for value in SHARED.values():
        with count_queries() as queries:
            page.shared(value.name)
        counts[f"shared {value.name}"] = queries.count
    context = page_context(page)
    request = RequestFactory().get(reverse("children:detail", args=[child.pk]))
    request.user = user
    engine = engines["django"].engine  # type: ignore[attr-defined]
    for one in ordered():
        with count_queries() as queries:
            given = one.build(page)
            engine.get_template(one.template).render(
                Context({**context, **given, "request": request})
            )
        counts[one.name] = queries.count
    return counts


@pytest.mark.parametrize("which", sorted(PAGE_QUERIES))
def test_every_section_keeps_to_its_query_budget(request, team_manager, which):
    counts = _section_queries(request.getfixturevalue(which), team_manager)
    budgets = {f"shared {v.name}": v.queries for v in SHARED.values()} | {
        s.name: s.queries for s in SECTIONS.values()
    }
    assert counts.keys() == budgets.keys()
    over = {name: (n, budgets[name]) for name, n in counts.items() if n > budgets[name]}
    assert not over


def _page(child, user=None):
    return load_page(child=child, user=user)


def _scratch(*sections: Section) -> dict[str, Section]:
    registry: dict[str, Section] = {}
    for one in sections:
        add_section(one, into=registry)
    return registry


def test_two_sections_giving_the_same_name_are_refused():
    first = Section("one", MAIN, 1, "x.html", 0, gives=frozenset({"shared_key"}))
    second = Section("two", MAIN, 2, "x.html", 0, gives=frozenset({"shared_key", "other"}))
    with pytest.raises(SectionClash, match="both give shared_key"):
        _scratch(first, second)


def test_two_sections_with_one_name_or_one_position_are_refused():
    with pytest.raises(ImproperlyConfigured, match="named 'one'"):
        _scratch(Section("one", MAIN, 1, "x.html", 0), Section("one", MAIN, 2, "x.html", 0))
    with pytest.raises(ImproperlyConfigured, match="both take position 1"):
        _scratch(Section("one", MAIN, 1, "x.html", 0), Section("two", MAIN, 1, "x.html", 0))
    with pytest.raises(ImproperlyConfigured, match="no place"):
        _scratch(Section("one", "sidebar", 1, "x.html", 0))


def test_a_section_giving_what_it_did_not_declare_is_refused(child):
    sneaky = Section("sneaky", MAIN, 1, "x.html", 0, build=lambda page: {"undeclared": 1})
    with pytest.raises(SectionClash, match="gives undeclared it did not declare"):
        page_context(_page(child), sections=_scratch(sneaky))


def test_a_section_giving_a_name_of_the_childs_record_is_refused(child):
    shadow = Section(
        "shadow",
        MAIN,
        1,
        "x.html",
        0,
        build=lambda page: {"periods": []},
        gives=frozenset({"periods"}),
    )
    with pytest.raises(SectionClash, match=r"periods \(given by the child's record\)"):
        page_context(_page(child), sections=_scratch(shadow))


def test_the_views_names_may_not_be_a_sections(child):
    mine = Section(
        "mine", MAIN, 1, "x.html", 0, build=lambda page: {"k": 1}, gives=frozenset({"k"})
    )
    with pytest.raises(SectionClash, match="'k' is already given by mine"):
        page_context(_page(child), extra={"k": 2}, sections=_scratch(mine))


def test_the_registered_sections_give_each_name_once():
    seen: dict[str, str] = {}
    for one in SECTIONS.values():
        for name in one.gives:
            assert name not in seen, (name, seen.get(name), one.name)
            seen[name] = one.name


def test_the_page_is_in_the_order_of_the_sections_positions():
    main = [s.name for s in ordered() if s.place == MAIN]
    assert main == [
        "casework",
        "reviews",
        "resolutions",
        "casework.recent",
        "euss",
        "health",
        "education",
        "care_leavers",
        "deadlines",
        "children.short_breaks",
    ]
    assert [s.name for s in ordered() if s.place == NOW] == [
        "children.looked_after",
        "casework.last_visit",
        "children.placement",
        "reviews.last_review",
    ]


def test_a_shared_value_is_computed_once_and_an_unknown_one_is_an_error(child):
    page = _page(child)
    with count_queries() as first:
        deadlines = page.shared("deadlines")
    with count_queries() as again:
        assert page.shared("deadlines") is deadlines
    assert (first.count, again.count) == (1, 0)
    with pytest.raises(LookupError, match="No app provides"):
        page.shared("no such value")


def test_casework_checks_the_missing_episodes_of_a_stored_history(social_worker):
    from casework.models import MissingEpisode
    from children.history_check import history_problems

    child = register(social_worker, ENTERED)
    MissingEpisode.objects.create(child=child, kind="M", start_date=ENTERED - timedelta(days=3))
    assert history_problems(child) == [
        "Missing episode from 3 January 2025: Robin Applebury was not looked after on "
        "3 January 2025: record missing episodes while a child is looked after"
    ]
