import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import override_settings
from django.urls import reverse

from accounts.models import PartnerOrganisation, Role, Team, User
from casework.models import CarePlan, Visit
from children import codes, services
from children.episodes import episodes_for_child
from children.models import (
    Address,
    Adoption,
    Allocation,
    AllocationKind,
    Child,
    LegalStatusRecord,
    Nationality,
    PeriodOfCare,
    PermanencePlanRecord,
    Placement,
    Relationship,
    Warning,
)
from children.selectors import children_visible_to
from children.validators import validate_nhs_number, validate_upn
from deadlines.calendar import WorkingCalendar
from deadlines.models import Deadline, DeadlineStatus
from demo.builder import DEMO_USERS, build_demo
from reviews.models import Review

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def rows(model, *fields):
    return list(model.objects.order_by("child__la_reference", *fields).values_list(*fields))


def snapshot():
    """Everything about the children, in an order that does not depend on primary keys."""
    return (
        list(
            Child.objects.order_by("la_reference").values_list(
                "la_reference",
                "first_name",
                "last_name",
                "date_of_birth",
                "sex",
                "ethnicity",
                "upn",
                "upn_unknown_reason",
                "nhs_number",
                "uasc",
                "uasc_start",
                "uasc_end",
                "is_mother",
                "mothers_child_dob",
            )
        ),
        list(
            Allocation.objects.order_by(
                "child__la_reference", "kind", "start_date", "worker__username"
            ).values_list(
                "child__la_reference",
                "kind",
                "worker__username",
                "team__name",
                "start_date",
                "end_date",
                "start_reason",
            )
        ),
        rows(PeriodOfCare, "start_date", "end_date", "reason_ceased", "category_of_need"),
        rows(LegalStatusRecord, "start_date", "code", "end_date"),
        rows(
            Placement,
            "start_date",
            "placement_type",
            "provider",
            "carer_name",
            "postcode",
            "end_date",
            "reason_for_change",
        ),
        rows(Adoption, "decision_date", "match_date", "placed_date", "ceased_reason"),
        rows(PermanencePlanRecord, "start_date", "plan", "end_date"),
        rows(Nationality, "country"),
        rows(Address, "start_date", "postcode"),
        rows(Relationship, "relationship", "name"),
        rows(Warning, "start_date", "text"),
        rows(Review, "held_on", "next_review_directed_by"),
        rows(CarePlan, "agreed_date", "summary", "recorded_by__username"),
    )


def wipe():
    Allocation.objects.all().delete()
    Child.objects.all().delete()
    Team.objects.update(manager=None)
    User.objects.all().delete()
    Team.objects.all().delete()
    PartnerOrganisation.objects.all().delete()


def test_same_seed_gives_same_data_and_another_seed_differs():
    build_demo(children=40, seed=7, today=TODAY)
    first = snapshot()
    assert all(first), "every part of the record has rows"
    wipe()
    build_demo(children=40, seed=7, today=TODAY)
    assert snapshot() == first
    wipe()
    build_demo(children=40, seed=8, today=TODAY)
    second = snapshot()
    assert all(a != b for a, b in zip(first[:7], second[:7], strict=True))


def test_one_demo_user_per_role_each_signs_in_with_demo_password(client):
    build_demo(children=30, seed=1, today=TODAY)
    assert {login.role for login in DEMO_USERS} == {u.role for u in User.objects.all()}
    for login in DEMO_USERS:
        response = client.post(
            reverse("accounts:login"), {"username": login.username, "password": "demo"}
        )
        assert response.status_code == 302, login.username
        client.post(reverse("accounts:logout"))


def test_demo_social_worker_and_iro_have_caseloads():
    build_demo(children=100, seed=1, today=TODAY)
    assert children_visible_to(user=User.objects.get(username="social.worker")).exists()
    assert children_visible_to(user=User.objects.get(username="iro")).exists()
    assert not children_visible_to(user=User.objects.get(username="admin")).exists()


def test_children_are_not_born_after_today_and_allocations_start_after_birth():
    build_demo(children=60, seed=3, today=TODAY)
    assert not Child.objects.filter(date_of_birth__gt=TODAY).exists()
    for allocation in Allocation.objects.select_related("child"):
        assert allocation.start_date >= allocation.child.date_of_birth


@override_settings(DEMO_DATA_ALLOWED=False)
def test_production_settings_refuse_demo_data():
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", children=5)
    assert not User.objects.exists()


def test_if_empty_leaves_existing_data_alone(capsys):
    call_command("seed_demo", children=5, seed=1)
    call_command("seed_demo", children=5, seed=2, if_empty=True)
    assert Child.objects.count() == 5
    assert "social.worker" in capsys.readouterr().out


# --- care histories -------------------------------------------------------------------

HISTORY_MODELS = [
    Deadline,
    CarePlan,
    Review,
    Allocation,
    Adoption,
    PermanencePlanRecord,
    Placement,
    LegalStatusRecord,
    PeriodOfCare,
    Warning,
    Relationship,
    Address,
    Nationality,
    Child,
]


# The council's own lists (seeded by migrations, kept in the admin): a wipe keeps them.
KEPT_LISTS = {
    "resolutions.Theme",
    "resolutions.QopReason",
    "reviews.LatenessReason",
    "health.IhaLatenessReason",
    "education.PepQualityRating",
    "deadlines.NonWorkingDay",
}
CASE_APPS = {
    "core",
    "accounts",
    "children",
    "reviews",
    "health",
    "care_leavers",
    "reporting",
    "euss",
    "resolutions",
    "casework",
    "deadlines",
    "education",
}


def wipe_everything():
    """Remove a build made outside a test's transaction: every table of the record and
    its history (the council's own lists excepted), in one transaction of plain DELETEs,
    so that the tests after it start from an empty record. Foreign keys are checked at
    commit, so the order does not matter."""
    from django.apps import apps
    from django.db import connection, transaction

    kept = set()
    for label in KEPT_LISTS:
        model = apps.get_model(label)
        kept |= {model._meta.db_table, model.history.model._meta.db_table}
    tables = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CASE_APPS
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in kept
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            # The names are the models' own tables, quoted: no input reaches this.
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


@dataclass
class Build:
    children: dict[int, Child]
    periods: dict[int, list[PeriodOfCare]]
    statuses: dict[int, list[LegalStatusRecord]]  # by period
    placements: dict[int, list[Placement]]  # by period
    adoptions: dict[int, list[Adoption]]  # by period
    plans: dict[int, list[PermanencePlanRecord]]  # by child
    allocations: dict[int, list[Allocation]]  # by child
    addresses: dict[int, list[Address]]  # by child


def load_build() -> Build:
    def by(rows, key):
        grouped = defaultdict(list)
        for row in rows:
            grouped[getattr(row, key)].append(row)
        return grouped

    return Build(
        children={c.pk: c for c in Child.objects.prefetch_related("nationalities")},
        periods=by(PeriodOfCare.objects.order_by("start_date"), "child_id"),
        statuses=by(LegalStatusRecord.objects.order_by("start_date", "pk"), "period_id"),
        placements=by(Placement.objects.order_by("start_date", "pk"), "period_id"),
        adoptions=by(Adoption.objects.all(), "period_id"),
        plans=by(PermanencePlanRecord.objects.order_by("start_date"), "child_id"),
        allocations=by(Allocation.objects.select_related("worker"), "child_id"),
        addresses=by(Address.objects.order_by("start_date"), "child_id"),
    )


def in_force(rows, on):
    return [r for r in rows if r.start_date <= on and (r.end_date is None or on < r.end_date)]


def age_on(dob, on):
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@pytest.fixture(scope="class")
def build(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(children=300, seed=11, today=TODAY)
        try:
            yield load_build()
        finally:
            wipe_everything()


class TestCareHistories:
    """Invariants over every row of one 300-child build (made once for the class)."""

    def test_periods_of_care_follow_one_another(self, build):
        assert set(build.periods) == set(build.children)
        for child_id, periods in build.periods.items():
            dob = build.children[child_id].date_of_birth
            assert dob <= periods[0].start_date
            assert sum(p.end_date is None for p in periods) <= 1
            for earlier, later in itertools.pairwise(periods):
                assert earlier.end_date is not None and earlier.end_date < later.start_date
            for period in periods:
                assert period.start_date <= TODAY
                if period.end_date is not None:
                    assert period.start_date < period.end_date <= TODAY
                    assert period.reason_ceased in dict(codes.PERIOD_END_REASONS)
                else:
                    assert period.reason_ceased == ""
                assert period.previous_permanence in codes.PreviousPermanence.values
                if period.previous_permanence in ("P1", "P2", "P3"):
                    assert period.previous_permanence_la
                    assert dob < period.previous_permanence_date < period.start_date

    def test_legal_statuses_cover_each_period_and_keep_the_rules(self, build):
        for child_id, periods in build.periods.items():
            dob = build.children[child_id].date_of_birth
            for period in periods:
                statuses = build.statuses[period.pk]
                assert statuses[0].start_date == period.start_date
                end = period.end_date or TODAY
                changes = {s.start_date for s in statuses} | {
                    s.end_date for s in statuses if s.end_date
                }
                for status in statuses:
                    assert period.start_date <= status.start_date <= TODAY
                    if status.end_date is not None:
                        assert status.start_date < status.end_date <= end
                    elif period.end_date is not None:
                        pytest.fail(f"{status} is open in an ended period")
                    if status.code == "L1":
                        assert (status.end_date or TODAY) <= status.start_date + timedelta(days=3)
                    if status.code in codes.YOUTH_JUSTICE_STATUSES:
                        assert age_on(dob, status.start_date) >= 10
                for on in sorted(d for d in changes if d < end or period.end_date is None):
                    held = sorted(s.code for s in in_force(statuses, on))
                    assert held, f"no legal status on {on} for child {child_id}"
                    assert len(held) == 1 or held == ["C2", "E1"], held

    def test_placements_cover_each_period_one_after_another(self, build):
        for periods in build.periods.values():
            for period in periods:
                placements = build.placements[period.pk]
                assert 1 <= len(placements) <= 5
                assert placements[0].start_date == period.start_date
                for earlier, later in itertools.pairwise(placements):
                    assert earlier.end_date == later.start_date > earlier.start_date
                    assert earlier.reason_for_change in codes.ReasonPlaceChange.values
                    assert earlier.planned_ending is not None
                    if later.same_carer_as_previous:
                        assert (later.carer_name, later.postcode) == (
                            earlier.carer_name,
                            earlier.postcode,
                        )
                last = placements[-1]
                assert last.end_date == period.end_date
                assert last.start_date <= TODAY
                if last.end_date is not None:
                    assert last.start_date < last.end_date

    def test_placement_details_fit_their_type(self, build):
        for periods in build.periods.values():
            for period in periods:
                statuses = build.statuses[period.pk]
                for placement in build.placements[period.pk]:
                    kind = placement.placement_type
                    held = {s.code for s in in_force(statuses, placement.start_date)}
                    assert (placement.provider == "PR0") == (kind == "P1")
                    if kind == "P1":
                        assert held & {"C1", "C2"}, "placed with parents without an order"
                    if kind in codes.ADOPTION_PLACEMENTS:
                        assert "E1" in held
                    assert placement.intended_until_18 == (kind in ("U1", "U4"))
                    if kind in ("K1", "K2", "K3"):
                        assert re.fullmatch(r"SC\d{6}", placement.urn)
                    elif kind in codes.FOSTER_PLACEMENTS | {"A5", "A6"}:
                        # Every fostering or adoption service has an Ofsted URN (rule 218).
                        assert re.fullmatch(r"SC\d{6}", placement.urn)
                    elif kind == "P1":
                        assert placement.urn == ""
                    if kind in ("K3", "Z11", "Z13"):
                        assert (
                            age_on(
                                build.children[period.child_id].date_of_birth, placement.start_date
                            )
                            >= 16
                        )
                    if placement.same_carer_as_previous:
                        assert kind in ("U1", "U4", "A5")
                    placement.full_clean(validate_unique=False, validate_constraints=False)
                    assert placement.postcode
                    # The 903 HOME_POST: the child's home address when the period began.
                    homes = in_force(build.addresses[period.child_id], period.start_date)
                    if build.children[period.child_id].uasc:
                        # No distance is worked out for an unaccompanied child (rule 406).
                        assert placement.home_postcode == ""
                    else:
                        assert [a.postcode for a in homes] == [placement.home_postcode]

    def test_identity_details_are_valid(self, build):
        for child in build.children.values():
            child.full_clean(validate_unique=False, validate_constraints=False)
            assert bool(child.upn) != bool(child.upn_unknown_reason)
            if child.upn:
                validate_upn(child.upn)
            if child.nhs_number:
                validate_nhs_number(child.nhs_number)
            countries = [n.country for n in child.nationalities.all()]
            assert countries
            age = age_on(child.date_of_birth, TODAY)
            if child.uasc:
                assert child.uasc_start == build.periods[child.pk][0].start_date
                eighteen = child.date_of_birth.replace(year=child.date_of_birth.year + 18)
                if child.age_assessment_outcome == "adult":
                    assert child.uasc_end == build.periods[child.pk][-1].end_date
                elif eighteen <= TODAY:
                    assert child.uasc_end == eighteen
                else:
                    assert child.uasc_end is None
            if child.is_mother:
                assert child.sex == "F" and age >= 15
                assert child.date_of_birth < child.mothers_child_dob <= TODAY
        for model in (Address, Relationship, Warning, Nationality):
            for row in model.objects.all():
                row.full_clean(validate_unique=False, validate_constraints=False)
        for address in Address.objects.select_related("child"):
            assert address.child.date_of_birth <= address.start_date <= TODAY
        for warning in Warning.objects.all():
            assert warning.start_date <= TODAY
            assert warning.end_date is None or warning.start_date < warning.end_date <= TODAY

    def test_adoptions_match_the_placements_and_the_ending(self, build):
        for periods in build.periods.values():
            for period in periods:
                journeys = build.adoptions[period.pk]
                placed = [
                    p
                    for p in build.placements[period.pk]
                    if p.placement_type in codes.ADOPTION_PLACEMENTS
                ]
                if period.reason_ceased in codes.ADOPTED_REASONS:
                    assert journeys and placed
                for journey in journeys:
                    journey.full_clean(validate_unique=False, validate_constraints=False)
                    assert period.start_date <= journey.decision_date <= TODAY
                    if journey.match_date:
                        assert journey.decision_date <= journey.match_date <= TODAY
                    if journey.placed_date:
                        assert journey.match_date <= journey.placed_date
                        assert [p.start_date for p in placed] == [journey.placed_date]
                        assert journey.adopters_were_foster_carers == (
                            placed[0].placement_type == "A5"
                        )
                    if journey.ceased_date:
                        assert journey.ceased_reason in codes.ReasonPlacedCeased.values
                        assert not placed
                if placed:
                    assert len(journeys) == 1 and journeys[0].placed_date

    def test_permanence_plans_run_one_after_another_inside_care(self, build):
        for child_id, plans in build.plans.items():
            periods = build.periods[child_id]
            for earlier, later in itertools.pairwise(plans):
                assert earlier.end_date is not None and earlier.end_date <= later.start_date
            for plan in plans:
                assert plan.plan in codes.PermanencePlan.values
                assert plan.start_date <= TODAY
                assert any(
                    p.start_date <= plan.start_date
                    and (p.end_date is None or plan.start_date < p.end_date)
                    for p in periods
                )
        share = len(build.plans) / len(build.children)
        assert 0.4 < share < 0.95

    def test_every_period_starts_an_episode_and_every_reason_appears(self, build):
        children = Child.objects.prefetch_related("periods_of_care", "legal_statuses", "placements")
        seen = set()
        for child in children:
            episodes = episodes_for_child(child)
            starts = {p.start_date for p in build.periods[child.pk]}
            assert {e.decom for e in episodes if e.rne == "S"} == starts
            assert sum(e.rne == "S" for e in episodes) == len(starts)
            seen |= {e.rne for e in episodes}
            for episode in episodes:
                assert episode.ls and episode.place
                # Temporary and 'other' placements have no provider (DfE rule 213).
                assert bool(episode.place_provider) != (
                    episode.place in codes.NO_PROVIDER_PLACEMENTS
                )
        assert seen == {"S", "L", "P", "T", "B", "U"}

    def test_some_children_hold_a_care_order_and_a_placement_order_at_once(self, build):
        both = [
            period
            for periods in build.periods.values()
            for period in periods
            if period.end_date is None
            and {"C2", "E1"} <= {s.code for s in build.statuses[period.pk] if s.end_date is None}
        ]
        assert both

    def test_allocations_follow_the_history(self, build):
        kinds = AllocationKind
        for child_id, allocations in build.allocations.items():
            child = build.children[child_id]
            periods = build.periods[child_id]
            looked_after = periods[-1].end_date is None
            open_now = {a.kind for a in allocations if a.end_date is None}
            assert kinds.TEAM in open_now  # somebody can always see the child
            # The latest social worker stays allocated after care ends (DfE rule SW17STG2).
            assert kinds.SOCIAL_WORKER in open_now
            assert (kinds.IRO in open_now) == looked_after
            for kind in kinds.values:
                mine = sorted(
                    (a for a in allocations if a.kind == kind), key=lambda a: a.start_date
                )
                for earlier, later in itertools.pairwise(mine):
                    assert earlier.end_date is not None and earlier.end_date <= later.start_date
            for allocation in allocations:
                assert child.date_of_birth <= allocation.start_date <= TODAY
                if allocation.end_date:
                    assert allocation.start_date <= allocation.end_date <= TODAY
                if allocation.kind in (kinds.SOCIAL_WORKER, kinds.IRO):
                    assert any(
                        p.start_date <= allocation.start_date
                        and (p.end_date is None or allocation.start_date < p.end_date)
                        for p in periods
                    )
                if allocation.kind == kinds.SOCIAL_WORKER:
                    # SW_REASON: why this worker was allocated (DfE rule SW13STG1).
                    assert allocation.start_reason in codes.SWChangeReason.values
                if allocation.kind == kinds.PERSONAL_ADVISER:
                    assert age_on(child.date_of_birth, allocation.start_date) >= 16
        assert set(build.allocations) == set(build.children)
        changed = [
            a
            for allocations in build.allocations.values()
            for a in allocations
            if a.kind == kinds.SOCIAL_WORKER and a.start_reason != "FCONTA"
        ]
        assert len(changed) > 20

    def test_demo_users_have_realistic_caseloads(self, build):
        def holding(username, kind):
            return Allocation.objects.filter(
                worker__username=username, kind=kind, end_date__isnull=True
            ).count()

        assert 15 <= holding("social.worker", AllocationKind.SOCIAL_WORKER) <= 25
        assert 50 <= holding("iro", AllocationKind.IRO) <= 70
        assert 3 <= holding("personal.adviser", AllocationKind.PERSONAL_ADVISER) <= 12
        for username in ("social.worker", "iro", "personal.adviser", "team.manager"):
            assert children_visible_to(user=User.objects.get(username=username)).exists()

    def test_proportions_are_roughly_real(self, build):
        periods = [p for ps in build.periods.values() for p in ps]
        open_periods = [p for p in periods if p.end_date is None]
        current = [build.placements[p.pk][-1].placement_type for p in open_periods]
        foster = sum(t in codes.FOSTER_PLACEMENTS for t in current) / len(current)
        assert 0.55 <= foster <= 0.85
        assert 0.04 <= sum(t == "K2" for t in current) / len(current) <= 0.2
        left = sum(any(p.end_date for p in ps) for ps in build.periods.values())
        # About one in five has left care, and some young adults who left years ago
        # (care leavers to 25) come on top.
        assert 0.15 <= left / len(build.children) <= 0.35
        assert any(len(ps) > 1 for ps in build.periods.values())
        assert 0.5 <= sum(p.category_of_need == "N1" for p in periods) / len(periods) <= 0.7
        uasc = sum(c.uasc for c in build.children.values())
        assert 1 <= uasc <= 0.08 * len(build.children)
        assert {p.reason_ceased for p in periods} >= {"E4A", "E11", "E17", "E6"}
        codes_held = {
            s.code for p in open_periods for s in build.statuses[p.pk] if s.end_date is None
        }
        assert codes_held >= {"V2", "C1", "C2", "E1"}
        countries = set(Nationality.objects.values_list("country", flat=True))
        assert countries & codes.EUSS_COUNTRIES
        sexes = Counter(c.sex for c in build.children.values())
        assert 0.35 < sexes["M"] / len(build.children) < 0.7
        assert 0.3 < sexes["F"] / len(build.children) < 0.65

    def test_the_services_would_record_the_same_history(self, build, monkeypatch):
        """Replay a sample of histories through the services: every rule they enforce holds,
        and the episodes come out the same."""
        monkeypatch.setattr(services, "_today", lambda: TODAY)
        worker = User.objects.get(username="social.worker")
        sample = sorted(build.children)[::5]
        for child_id in sample:
            original = build.children[child_id]
            copy = replay(original, build, worker)
            assert without_ids(episodes_for_child(copy)) == without_ids(
                episodes_for_child(original)
            ), original.la_reference

    def test_reviews_follow_the_reg_33_cycle_mostly_in_time(self, build):
        calendar = WorkingCalendar()
        reviews = defaultdict(list)
        for review in Review.objects.order_by("held_on"):
            reviews[review.period_id].append(review)
        in_time = late = directed = 0
        for periods in build.periods.values():
            for period in periods:
                held = reviews[period.pk]
                last_day = TODAY if period.end_date is None else period.end_date
                first_due = calendar.add_working_days(period.start_date, 20)
                if first_due + timedelta(days=40) < last_day:
                    assert held, f"no review in the period from {period.start_date}"
                previous = None
                for number, review in enumerate(held, start=1):
                    assert review.child_id == period.child_id
                    assert period.start_date < review.held_on <= min(last_day, TODAY)
                    if previous is None:
                        due = calendar.add_working_days(period.start_date, 20)
                    elif previous.next_review_directed_by:
                        due = previous.next_review_directed_by
                        assert review.held_on <= due, "a directed review is held by then"
                    else:
                        due = previous.held_on + relativedelta(months=3 if number == 2 else 6)
                    if review.next_review_directed_by:
                        directed += 1
                        limit = review.held_on + relativedelta(months=3 if number == 1 else 6)
                        assert review.held_on < review.next_review_directed_by < limit
                    if review.held_on <= due:
                        in_time += 1
                    else:
                        late += 1
                        assert review.held_on <= due + timedelta(days=40)
                    previous = review
        assert 0.85 <= in_time / (in_time + late) <= 0.93
        assert 0 < directed / (in_time + late) <= 0.06

    def test_care_plans_are_agreed_on_placement_and_after_each_review(self, build):
        calendar = WorkingCalendar()
        plans = defaultdict(list)
        for plan in CarePlan.objects.select_related("recorded_by").order_by("agreed_date"):
            plans[plan.child_id].append(plan)
            assert plan.recorded_by.role == Role.SOCIAL_WORKER
        in_time = late = 0
        for child_id, periods in build.periods.items():
            for period in periods:
                end = min(period.end_date or TODAY, TODAY)
                mine = [p for p in plans[child_id] if period.start_date <= p.agreed_date <= end]
                due = calendar.add_working_days(build.placements[period.pk][0].start_date, 10)
                if mine:
                    in_time += mine[0].agreed_date <= due
                    late += mine[0].agreed_date > due
                # One when the child is placed and one after each review, unless care
                # ended (or today came) first.
                reviews = Review.objects.filter(period=period).count()
                assert reviews - 1 <= len(mine) <= reviews + 1
        assert sum(len(p) for p in plans.values()) == CarePlan.objects.count()
        assert 0.82 <= in_time / (in_time + late) <= 0.96

    def test_children_at_home_are_visited_under_reg_28_4_and_5(self, build):
        """A child living with a parent (P1) under an interim care order is visited under
        reg 28(4) (weekly, then every 4 weeks), under a care order under reg 28(5); the
        demo visits them often enough that most are not overdue."""
        at_home = list(
            Placement.objects.filter(
                placement_type="P1", end_date__isnull=True, period__end_date__isnull=True
            )
        )
        assert at_home, "the demo has children living with a parent"
        overdue = 0
        for placement in at_home:
            codes_now = set(
                placement.period.legal_statuses.filter(end_date__isnull=True).values_list(
                    "code", flat=True
                )
            )
            deadline = Deadline.objects.get(
                child_id=placement.child_id, rule="sw_visit", key=f"placement:{placement.pk}"
            )
            if "C1" in codes_now:
                assert "(reg 28(4))" in deadline.explanation
            elif "C2" in codes_now:
                assert "(reg 28(5))" in deadline.explanation
            overdue += deadline.status == DeadlineStatus.OVERDUE
            visits = sorted(
                Visit.objects.filter(
                    child_id=placement.child_id, visit_date__gte=placement.start_date
                ).values_list("visit_date", flat=True)
            )
            gaps = [(b - a).days for a, b in zip(visits, visits[1:], strict=False)]
            # At most every 4 weeks, apart from the few visits made late.
            assert sum(g > 28 for g in gaps) <= max(1, len(gaps) // 5)
        assert overdue <= max(1, len(at_home) // 4)

    def test_a_few_iros_are_allocated_a_few_working_days_late(self, build):
        calendar = WorkingCalendar()
        days_late = []
        for child_id, periods in build.periods.items():
            for period in periods:
                first = min(
                    (
                        a
                        for a in build.allocations[child_id]
                        if a.kind == AllocationKind.IRO
                        and period.start_date <= a.start_date
                        and (period.end_date is None or a.start_date < period.end_date)
                    ),
                    key=lambda a: a.start_date,
                )
                days_late.append(calendar.working_days_between(period.start_date, first.start_date))
        late = [d for d in days_late if d > 0]
        assert all(3 <= d <= 10 for d in late)
        assert 0.01 <= len(late) / len(days_late) <= 0.1

    def test_most_deadlines_are_met_and_a_realistic_minority_are_not(self, build):
        for rule in ("care_plan", "cic_review", "iro_allocation"):
            deadlines = Deadline.objects.filter(rule=rule)
            met = deadlines.filter(status=DeadlineStatus.MET)
            in_time = met.filter(met_on__lte=F("due_date")).count()
            missed = (met.count() - in_time) + deadlines.filter(
                status=DeadlineStatus.OVERDUE
            ).count()
            assert in_time > 0.8 * (in_time + missed), rule
            assert missed > 0, rule

    def test_care_leavers_of_every_category_from_16_to_24(self, build):
        from care_leavers.categories import Category
        from care_leavers.models import AccommodationRecord, ActivityRecord, Contact
        from care_leavers.selectors import care_leaver_rows

        rows = care_leaver_rows(user=User.objects.get(username="senior.manager"), today=TODAY)
        by_category = defaultdict(set)
        for row in rows:
            by_category[row.status.category].add(row.age)
        assert by_category[Category.ELIGIBLE] == {16, 17}
        assert by_category[Category.RELEVANT] <= {16, 17}
        assert by_category[Category.RELEVANT]
        assert (
            {18, 19, 20, 21, 22, 23, 24}
            <= by_category[Category.FORMER_RELEVANT]
            <= set(range(18, 25))
        )
        assert by_category[Category.QUALIFYING] and by_category[Category.QUALIFYING] <= set(
            range(16, 21)
        )
        # Some are qualifying because they have lived at home for six months (reg 3).
        assert any(r.status.returned_home_on for r in rows)
        adults = [r for r in rows if r.age >= 21]
        ids = [r.child.pk for r in adults]
        for model in (Contact, AccommodationRecord, ActivityRecord):
            assert set(
                model.objects.filter(child_id__in=ids).values_list("child_id", flat=True)
            ) == (set(ids)), model
        # From 21, some keep a personal adviser (in education or at their request); the rest
        # are called once a year and no longer need services.
        supported = [r for r in adults if r.personal_adviser is not None]
        assert 0 < len(supported) < len(adults)
        latest = {
            r.child.pk: Contact.objects.filter(child=r.child).latest("contact_date").outcome
            for r in adults
        }
        assert "NREQ" in latest.values()
        assert all(latest[r.child.pk] != "NREQ" for r in supported)


def placement_details(placement):
    return services.PlacementDetails(
        placement_type=placement.placement_type,
        provider=placement.provider,
        start_date=placement.start_date,
        carer_name=placement.carer_name,
        urn=placement.urn,
        postcode=placement.postcode,
        home_postcode=placement.home_postcode,
        in_council_area=placement.in_council_area,
        intended_until_18=placement.intended_until_18,
        same_carer_as_previous=placement.same_carer_as_previous,
    )


def replay(original, build, by):
    """Record `original`'s care history again, event by event, through the services."""
    copy = None
    for period in build.periods[original.pk]:
        statuses = build.statuses[period.pk]
        placements = build.placements[period.pk]
        entry = services.Entry(
            start_date=period.start_date,
            category_of_need=period.category_of_need,
            legal_status=statuses[0].code,
            order_date=statuses[0].order_date,
            placement=placement_details(placements[0]),
            previous_permanence=period.previous_permanence,
            previous_permanence_la=period.previous_permanence_la,
            previous_permanence_date=period.previous_permanence_date,
        )
        if copy is None:
            copy = services.child_register(
                identity=services.Identity(
                    la_reference=f"R{original.la_reference}",
                    first_name=original.first_name,
                    last_name=f"{original.last_name}-Replayed",
                    date_of_birth=original.date_of_birth,
                    sex=original.sex,
                    upn=original.upn,
                    upn_unknown_reason=original.upn_unknown_reason,
                    nationalities=["GB"],
                ),
                entry=entry,
                by=by,
            )
        else:
            services.period_of_care_start(child=copy, entry=entry, by=by)
        records = {statuses[0].pk: copy.legal_statuses.get(start_date=period.start_date)}
        dates = sorted(
            {s.start_date for s in statuses[1:]}
            | {s.end_date for s in statuses if s.end_date and s.end_date != period.end_date}
            | {p.start_date for p in placements[1:]}
        )
        for on in dates:
            for status in (s for s in statuses if s.start_date == on):
                ends = [records[s.pk] for s in statuses if s.end_date == on and s.pk in records]
                records[status.pk] = services.legal_status_change(
                    child=copy,
                    code=status.code,
                    start_date=on,
                    order_date=status.order_date,
                    ends=ends,
                    by=by,
                )
            for status in statuses:
                if status.end_date == on and not any(s.start_date == on for s in statuses):
                    services.legal_status_end(status=records[status.pk], end_date=on, by=by)
            for index, placement in enumerate(placements[1:]):
                if placement.start_date == on:
                    services.placement_change(
                        child=copy,
                        details=placement_details(placement),
                        reason_for_change=placements[index].reason_for_change,
                        planned_ending=placements[index].planned_ending,
                        by=by,
                    )
        if period.end_date:
            services.period_of_care_end(
                child=copy, end_date=period.end_date, reason=period.reason_ceased, by=by
            )
    assert copy is not None
    return Child.objects.prefetch_related("periods_of_care", "legal_statuses", "placements").get(
        pk=copy.pk
    )


def without_ids(episodes):
    return [replace(e, placement_id=None) for e in episodes]
