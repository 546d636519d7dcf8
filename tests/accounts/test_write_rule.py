"""The one write rule (accounts.permissions, decision 0021), checked against the services.

The role x action matrix is generated from the table: for every action and every role
(partners counted once per kind of organisation), the action's service is called as a
member of staff in that role would call it. A role the table permits succeeds; every
other role is refused with the permission error, and nothing is written."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import partial
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from accounts.models import OrganisationKind, PartnerOrganisation, Role, User
from accounts.permissions import RULES, SERVICES, Action, PermissionRefused, allows
from care_leavers.models import ContactType, InTouch
from children import codes
from children import services as children_services
from children.models import ChildShare
from core.exceptions import ApplicationError
from resolutions.models import QopForm, QopReason
from tests.children.builders import identity, register
from tests.factories import TeamFactory, UserFactory, allocate

START = date(2024, 1, 8)
# A partner-agency user is one role, whose rights come from their organisation's kind.
PARTNERS = {"partner:health": OrganisationKind.HEALTH, "partner:virtual_school": "virtual_school"}
CELLS = [r for r in Role.values if r != Role.PARTNER] + list(PARTNERS)
WRITING_MODULES = [
    "children.services",
    "casework.services",
    "reviews.services",
    "resolutions.services",
    "health.services",
    "education.services",
    "care_leavers.services",
    "euss.services",
]
# Case data the apps write: a refused call must leave every one of these tables as it was.
CASE_APPS = [
    "children",
    "casework",
    "reviews",
    "resolutions",
    "health",
    "education",
    "care_leavers",
    "euss",
    "deadlines",
]


@dataclass
class World:
    child: Any
    team_b: Any
    users: dict[str, User]
    spare: dict[str, User] = field(default_factory=dict)
    organisation: Any = None


@pytest.fixture
def world(db) -> World:
    team_a, team_b = TeamFactory.create(name="Team A"), TeamFactory.create(name="Team B")
    users: dict[str, User] = {}
    for role in CELLS:
        if role in PARTNERS:
            org = PartnerOrganisation.objects.create(name=role, kind=PARTNERS[role])
            users[role] = UserFactory.create(role=Role.PARTNER, partner_organisation=org)
        else:
            users[role] = UserFactory.create(role=role, team=team_a)
    manager = users[Role.TEAM_MANAGER]
    team_a.manager = manager
    team_a.save()
    child = register(manager, START)
    allocate(child, worker=users[Role.IRO], kind="iro", start=START)
    allocate(child, worker=users[Role.PERSONAL_ADVISER], kind="personal_adviser", start=START)
    for role in PARTNERS:
        partner = users[role].partner_organisation
        assert partner is not None
        ChildShare.objects.create(
            child=child,
            organisation=partner,
            start_date=START,
            shared_by=manager,
        )
    spare: dict[str, User] = {
        role: UserFactory.create(role=role, team=team_a)
        for role in (Role.SOCIAL_WORKER, Role.IRO, Role.PERSONAL_ADVISER)
    }
    organisation = PartnerOrganisation.objects.create(name="Another", kind=OrganisationKind.HEALTH)
    return World(child, team_b, users, spare, organisation)


def _qop_to(w: World, recipient: User) -> QopForm:
    from resolutions.services import qop_raise

    reason = QopReason.objects.first()
    assert reason is not None
    return qop_raise(
        child=w.child,
        by=w.users[Role.IRO_MANAGER],
        raised_on=timezone.localdate(),
        reasons=[reason],
        details="No chronology since the placement started",
        recipient=recipient,
    )


def _today() -> date:
    return timezone.localdate()


def _allocation(kind: str, worker_role: str, **extra: Any) -> Callable[[World, User], object]:
    """Allocate a spare worker of `worker_role` in an allocation of `kind`, from today."""
    return lambda w, by: children_services.allocation_change(
        child=w.child,
        kind=kind,
        worker=w.spare[worker_role],
        start_date=_today(),
        by=by,
        **extra,
    )


# One call per action, with arguments a practitioner would give, for the role's user `by`.
SCENARIOS: dict[Action, Callable[[World, User], object]] = {
    Action.REGISTER_CHILD: lambda w, by: children_services.child_register(
        identity=identity(la_reference="C900001", first_name="Sam"),
        entry=children_services.Entry(
            start_date=START,
            category_of_need="N1",
            legal_status="V2",
            placement=children_services.PlacementDetails("U6", "PR1", START, postcode="B1 1AA"),
        ),
        by=by,
    ),
    Action.CHANGE_DETAILS: lambda w, by: children_services.warning_add(
        child=w.child, text="Dog at the address", start_date=_today(), by=by
    ),
    Action.RECORD_CARE_HISTORY: lambda w, by: children_services.permanence_plan_set(
        child=w.child, plan="long_term_fostering", start_date=date(2024, 6, 3), by=by
    ),
    Action.END_CARE: lambda w, by: children_services.period_of_care_end(
        child=w.child, end_date=date(2024, 9, 2), reason="E4A", by=by
    ),
    Action.SHARE_RECORD: lambda w, by: children_services.share_start(
        child=w.child, organisation=w.organisation, start_date=_today(), by=by
    ),
    Action.ALLOCATE_SOCIAL_WORKER: _allocation(
        "social_worker", Role.SOCIAL_WORKER, reason=codes.SWChangeReason.values[1]
    ),
    Action.ALLOCATE_TEAM: lambda w, by: children_services.allocation_change(
        child=w.child, kind="team", team=w.team_b, start_date=_today(), by=by
    ),
    Action.ALLOCATE_IRO: _allocation("iro", Role.IRO),
    Action.ALLOCATE_PERSONAL_ADVISER: _allocation("personal_adviser", Role.PERSONAL_ADVISER),
    Action.ALLOCATE_INDEPENDENT_VISITOR: _allocation("independent_visitor", Role.SOCIAL_WORKER),
    Action.ALLOCATE_ADVOCATE: _allocation("advocate", Role.SOCIAL_WORKER),
    Action.RECORD_VISIT: lambda w, by: import_module("casework.services").visit_record(
        child=w.child,
        visit_date=date(2024, 1, 12),
        seen_alone=True,
        bedroom_seen=True,
        visited_by=w.users[Role.SOCIAL_WORKER],
        by=by,
    ),
    Action.RECORD_CARE_PLAN: lambda w, by: import_module("casework.services").care_plan_record(
        child=w.child, agreed_date=date(2024, 1, 10), by=by
    ),
    Action.RECORD_MISSING: lambda w, by: import_module("casework.services").missing_episode_record(
        child=w.child, kind="M", start_date=date(2024, 3, 1), end_date=date(2024, 3, 2), by=by
    ),
    Action.RECORD_YOUTH_JUSTICE: lambda w, by: import_module(
        "casework.services"
    ).youth_justice_outcome_record(
        child=w.child,
        outcome_on=_today() - timedelta(days=7),
        outcome=import_module("casework.models").YouthJusticeOutcomeKind.values[0],
        by=by,
    ),
    Action.WRITE_CASE_NOTE: lambda w, by: import_module("casework.services").case_note_write(
        child=w.child,
        note_type="visit",
        event_date=date(2024, 1, 12),
        subject="Visit",
        text="Seen at home",
        by=by,
    ),
    Action.WRITE_MANAGEMENT_DECISION: lambda w, by: import_module(
        "casework.services"
    ).case_note_write(
        child=w.child,
        note_type="management_decision",
        event_date=date(2024, 1, 12),
        subject="Placement",
        text="The placement continues",
        by=by,
    ),
    Action.BOOK_REVIEW: lambda w, by: import_module("reviews.services").booking_create(
        child=w.child,
        details=import_module("reviews.services").BookingDetails(
            _today() + timedelta(days=30), time(10), "virtual", video_link="https://x"
        ),
        by=by,
    ),
    Action.RECORD_REVIEW: lambda w, by: import_module("reviews.services").review_record(
        child=w.child, held_on=date(2024, 1, 26), participation="PN1", by=by
    ),
    Action.RAISE_RESOLUTION: lambda w, by: import_module("resolutions.services").qop_raise(
        child=w.child,
        by=by,
        raised_on=_today(),
        reasons=[QopReason.objects.first()],
        details="No chronology since the placement started",
        recipient=w.users[Role.SOCIAL_WORKER],
    ),
    Action.RESPOND_TO_QOP: lambda w, by: import_module("resolutions.services").qop_respond(
        form=_qop_to(w, by if by.sees_case_records else w.users[Role.IRO]),
        by=by,
        response="Chronology brought up to date",
        responded_on=_today(),
    ),
    Action.RECORD_HEALTH: lambda w, by: import_module("health.services").dental_check_record(
        child=w.child, checked_on=date(2024, 2, 1), by=by
    ),
    Action.RECORD_EDUCATION: lambda w, by: import_module("education.services").sen_status_record(
        child=w.child, status="sen_support", start_date=date(2024, 2, 1), by=by
    ),
    Action.RECORD_EUSS: lambda w, by: import_module("euss.services").euss_record_save(
        child=w.child,
        details=import_module("euss.services").EussDetails(status="not_eligible"),
        by=by,
    ),
}


class _RolledBack(Exception):
    pass


def _attempt(call: Callable[[], object]) -> ApplicationError | None:
    """Run `call` and undo what it wrote; return the domain error it raised, if any."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return None
    except ApplicationError as error:
        return error


def _expected(action: Action, user: User) -> bool:
    return allows(user=user, action=action)


def test_every_action_has_a_scenario_or_its_own_test():
    own_tests = {Action.RESPOND_TO_STAGE, Action.RECORD_CARE_LEAVER}
    assert set(SCENARIOS) | own_tests == set(Action)


@pytest.mark.parametrize("action", sorted(SCENARIOS), ids=str)
def test_the_role_matrix_matches_the_services(world, action):
    """Every cell: the permitted roles succeed, every other role is refused."""
    wrong = []
    for cell in CELLS:
        user = world.users[cell]
        error = _attempt(partial(SCENARIOS[action], world, user))
        permitted = _expected(action, user)
        if permitted and error is not None:
            wrong.append(f"{cell} should succeed: {error.message}")
        if not permitted and not isinstance(error, PermissionRefused):
            wrong.append(f"{cell} should be refused, got {error!r}")
    assert not wrong, wrong
    # The table is not empty where it should not be: someone may take each action, but
    # no one may allocate an account as an independent visitor or advocate.
    nobody = {Action.ALLOCATE_INDEPENDENT_VISITOR, Action.ALLOCATE_ADVOCATE}
    assert bool(RULES[action].roles) is (action not in nobody)


def test_the_matrix_holds_for_care_leaver_records(db):
    """Care-leaver records need a care leaver: a young person who left care at 18."""
    from care_leavers.services import contact_record
    from tests.care_leavers.helpers import former_relevant

    today = timezone.localdate()
    young = former_relevant(today)
    team = TeamFactory.create()
    allocate(young, team=team)
    for cell in CELLS:
        if cell in PARTNERS:
            org = PartnerOrganisation.objects.create(name=cell, kind=PARTNERS[cell])
            user = UserFactory.create(role=Role.PARTNER, partner_organisation=org)
        else:
            user = UserFactory.create(role=cell, team=team)
        error = _attempt(
            partial(
                contact_record,
                child=young,
                contact_date=today,
                contact_type=ContactType.PHONE,
                outcome=InTouch.YES,
                by=user,
            )
        )
        if allows(user=user, action=Action.RECORD_CARE_LEAVER):
            assert error is None, (cell, error)
        else:
            assert isinstance(error, PermissionRefused), (cell, error)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in CASE_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _services() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for name in WRITING_MODULES:
        module = import_module(name)
        for attr, fn in vars(module).items():
            if callable(fn) and getattr(fn, "__module__", "") == name and not attr.startswith("_"):
                params = inspect.signature(fn).parameters
                if "by" in params and params["by"].kind == inspect.Parameter.KEYWORD_ONLY:
                    found.append((f"{name}.{attr}", fn))
    return found


def test_every_service_that_writes_case_data_asks_the_rule():
    unchecked = [name for name, fn in _services() if not getattr(fn, "actions", None)]
    assert not unchecked
    registered = {fn for services in SERVICES.values() for fn in services}
    assert {fn for _, fn in _services()} <= registered


def _refused_user(fn) -> User | None:
    """A user of a role none of the service's actions allows."""
    for cell in CELLS:
        role = Role.PARTNER if cell in PARTNERS else cell
        if not any(role in RULES[a].roles for a in fn.actions):
            return UserFactory.create(role=role)
    return None


@pytest.mark.parametrize("name,service", _services(), ids=lambda v: v if isinstance(v, str) else "")
def test_an_unpermitted_call_writes_nothing(world, name, service):
    """Whatever the arguments, a refused `by` gets the permission error and not one row
    (nor one history row) is written."""
    by = _refused_user(service)
    assert by is not None
    before = _row_counts()
    args = {
        p: getattr(world, "child", None)
        for p in inspect.signature(service).parameters
        if p not in ("by",)
    }
    if "kind" in args:
        args["kind"] = "iro"
    if "note_type" in args:
        args["note_type"] = "visit"
    with pytest.raises(PermissionRefused):
        service(**{**args, "by": by})
    assert _row_counts() == before


def test_only_the_named_responder_answers_a_stage(world):
    from resolutions.models import Theme
    from resolutions.services import resolution_raise, stage_respond

    manager = world.users[Role.TEAM_MANAGER]
    theme = Theme.objects.first()
    assert theme is not None
    resolution = resolution_raise(
        child=world.child,
        by=world.users[Role.IRO],
        kind="formal",
        raised_on=_today(),
        themes=[theme],
        concern="The plan has drifted",
        requested="A permanence meeting",
        responder=manager,
    )
    for cell in CELLS:
        user = world.users[cell]
        error = _attempt(
            partial(
                stage_respond,
                resolution=resolution,
                by=user,
                response="Meeting booked",
                responded_on=_today(),
                outcome="agreed",
            )
        )
        if user == manager:
            assert error is None, error
        else:
            assert isinstance(error, PermissionRefused), (cell, error)


def test_the_qop_recipient_alone_answers(world):
    from resolutions.services import qop_respond

    form = _qop_to(world, world.users[Role.SOCIAL_WORKER])
    with pytest.raises(PermissionRefused):
        qop_respond(form=form, by=world.users[Role.TEAM_MANAGER], response="x", responded_on=None)
    assert not QopForm.objects.get(pk=form.pk).response


def test_an_allocation_takes_only_a_worker_whose_role_fits(world):
    """An IRO manager allocates an IRO, not a social worker; a team manager allocates a
    personal adviser, not a business support officer."""
    cases = [
        ("iro", Role.IRO_MANAGER, world.users[Role.SOCIAL_WORKER]),
        ("personal_adviser", Role.TEAM_MANAGER, world.users[Role.BUSINESS_SUPPORT]),
        ("social_worker", Role.TEAM_MANAGER, world.users[Role.IRO]),
    ]
    for kind, role, worker in cases:
        with pytest.raises(ApplicationError) as error:
            children_services.allocation_change(
                child=world.child,
                kind=kind,
                worker=worker,
                reason=codes.SWChangeReason.values[1],
                start_date=_today(),
                by=world.users[role],
            )
        assert error.value.field == "worker"
    assert not world.child.allocations.filter(end_date__isnull=False).exists()


def test_a_social_worker_cannot_make_themselves_the_iro(world):
    sw = world.users[Role.SOCIAL_WORKER]
    with pytest.raises(PermissionRefused):
        children_services.allocation_change(
            child=world.child, kind="iro", worker=sw, start_date=_today(), by=sw
        )
    iro = world.child.allocations.get(kind="iro")
    assert iro.worker == world.users[Role.IRO] and iro.end_date is None


def test_the_allocation_page_refuses_what_the_penetration_test_did(client, world):
    """POST /children/<id>/allocation/ as a social worker, kind=iro, their own id: refused,
    and the IRO keeps the child. A team manager is offered only the kinds they make, and
    a business support officer is not a personal adviser."""
    url = f"/children/{world.child.pk}/allocation/"
    sw = world.users[Role.SOCIAL_WORKER]
    client.force_login(sw)
    today = _today()
    posted = {
        "kind": "iro",
        "worker": sw.pk,
        "start_date_0": today.day,
        "start_date_1": today.month,
        "start_date_2": today.year,
    }
    assert client.post(url, posted).status_code == 403
    client.force_login(world.users[Role.TEAM_MANAGER])
    page = client.get(url)
    offered = [value for value, _ in page.context["form"].fields["kind"].choices]
    assert offered == ["social_worker", "team", "personal_adviser"]
    posted.update(kind="personal_adviser", worker=world.users[Role.BUSINESS_SUPPORT].pk)
    refused = client.post(url, posted)
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["worker"]
    assert world.child.allocations.get(kind="iro").end_date is None
    assert not world.child.allocations.filter(worker=world.users[Role.BUSINESS_SUPPORT]).exists()
