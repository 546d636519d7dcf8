"""Who may write what on a child's record: one table of rules (decision 0021).

Reading is decided by `children.selectors.children_visible_to` (decision 0002); this
module decides writing. Every service that writes case data is wrapped in `requires`
with the action it performs, so a view, a management command or the API meets the same
rule; views and templates ask `allows` (the `may` template filter) which links and
buttons to show. A refusal is a `PermissionRefused`, the project's domain error.

The table is keyed by action; each rule names the roles that may take it and, for
partner-agency users, the section of the shared record their organisation must work on
(decision 0016). The few rules that also depend on the record itself (the named
responder of a resolution stage, the recipient of a Quality of Practice form, the
author of a case note) are functions below the table, and say so in their rule.

This module sits in `accounts`, below every case app: it imports only the roles and
the domain error, and takes case records by their attributes.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from accounts.models import Role, User
from core.exceptions import ApplicationError


class Action(StrEnum):
    REGISTER_CHILD = "register_child"
    CHANGE_DETAILS = "change_details"
    RECORD_CARE_HISTORY = "record_care_history"
    END_CARE = "end_care"
    SHARE_RECORD = "share_record"
    ALLOCATE_SOCIAL_WORKER = "allocate_social_worker"
    ALLOCATE_TEAM = "allocate_team"
    ALLOCATE_IRO = "allocate_iro"
    ALLOCATE_PERSONAL_ADVISER = "allocate_personal_adviser"
    ALLOCATE_INDEPENDENT_VISITOR = "allocate_independent_visitor"
    ALLOCATE_ADVOCATE = "allocate_advocate"
    RECORD_VISIT = "record_visit"
    RECORD_CARE_PLAN = "record_care_plan"
    RECORD_MISSING = "record_missing"
    RECORD_YOUTH_JUSTICE = "record_youth_justice"
    WRITE_CASE_NOTE = "write_case_note"
    WRITE_MANAGEMENT_DECISION = "write_management_decision"
    BOOK_REVIEW = "book_review"
    RECORD_REVIEW = "record_review"
    RAISE_RESOLUTION = "raise_resolution"
    RESPOND_TO_STAGE = "respond_to_stage"
    RESPOND_TO_QOP = "respond_to_qop"
    RECORD_HEALTH = "record_health"
    RECORD_EDUCATION = "record_education"
    RECORD_CARE_LEAVER = "record_care_leaver"
    RECORD_EUSS = "record_euss"


@dataclass(frozen=True)
class Rule:
    """Who may take an action: `roles`, plus partner-agency users whose organisation
    works on `partner_section` of the records shared with it. `worker_roles`, for an
    allocation, are the roles of the people it may allocate. `on_the_record` marks a rule
    that also depends on the record (a function below the table decides it)."""

    what: str
    roles: frozenset[str]
    partner_section: str = ""
    worker_roles: frozenset[str] = frozenset()
    on_the_record: bool = False


_CASE_WRITERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
_IRO_SERVICE = frozenset({Role.IRO, Role.IRO_MANAGER})
# Everyone who works on case records in the council: those a resolution stage or a
# Quality of Practice form may be addressed to.
_STAFF = frozenset(Role.values) - {Role.ADMINISTRATOR, Role.PARTNER}


def _roles(*roles: str) -> frozenset[str]:
    return frozenset(roles)


# The one table. DOMAIN.md section 1 says who does what; decision 0021 records the
# choices made where it is silent.
RULES: dict[Action, Rule] = {
    Action.REGISTER_CHILD: Rule("register a child", _CASE_WRITERS),
    Action.CHANGE_DETAILS: Rule("change the child's details", _CASE_WRITERS),
    Action.RECORD_CARE_HISTORY: Rule(
        "record placements, legal statuses, permanence and adoption", _CASE_WRITERS
    ),
    Action.END_CARE: Rule("end the period of care", _CASE_WRITERS),
    Action.SHARE_RECORD: Rule("share the record with a partner organisation", _CASE_WRITERS),
    Action.ALLOCATE_SOCIAL_WORKER: Rule(
        "allocate a social worker",
        _roles(Role.TEAM_MANAGER),
        worker_roles=_roles(Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
    ),
    Action.ALLOCATE_TEAM: Rule("move the child to another team", _roles(Role.TEAM_MANAGER)),
    Action.ALLOCATE_IRO: Rule(
        "allocate an IRO", _roles(Role.IRO_MANAGER), worker_roles=_IRO_SERVICE
    ),
    Action.ALLOCATE_PERSONAL_ADVISER: Rule(
        "allocate a personal adviser",
        _roles(Role.TEAM_MANAGER, Role.SENIOR_MANAGER),
        worker_roles=_roles(Role.PERSONAL_ADVISER),
    ),
    # Independent visitors are volunteers and advocates come from an advocacy service:
    # neither is a member of staff, and no user role fits them, so no one allocates them
    # an account (an allocation gives its worker the child's record).
    Action.ALLOCATE_INDEPENDENT_VISITOR: Rule("allocate an independent visitor", frozenset()),
    Action.ALLOCATE_ADVOCATE: Rule("allocate an advocate", frozenset()),
    Action.RECORD_VISIT: Rule("record a visit", _CASE_WRITERS),
    Action.RECORD_CARE_PLAN: Rule("record a care plan", _CASE_WRITERS),
    Action.RECORD_MISSING: Rule("record a missing or away episode", _CASE_WRITERS),
    Action.RECORD_YOUTH_JUSTICE: Rule("record a youth justice outcome", _CASE_WRITERS),
    Action.WRITE_CASE_NOTE: Rule("write case notes", _CASE_WRITERS | {Role.IRO}),
    Action.WRITE_MANAGEMENT_DECISION: Rule(
        "record a management decision", _roles(Role.TEAM_MANAGER)
    ),
    Action.BOOK_REVIEW: Rule("book reviews", _IRO_SERVICE | {Role.BUSINESS_SUPPORT}),
    Action.RECORD_REVIEW: Rule(
        "record reviews, midway reviews, recommendations and review letters", _IRO_SERVICE
    ),
    Action.RAISE_RESOLUTION: Rule(
        "raise, escalate, resolve or close dispute resolutions and Quality of Practice forms",
        _IRO_SERVICE,
    ),
    Action.RESPOND_TO_STAGE: Rule(
        "respond to this stage of the resolution", _STAFF, on_the_record=True
    ),
    Action.RESPOND_TO_QOP: Rule(
        "respond to this Quality of Practice form", _STAFF, on_the_record=True
    ),
    Action.RECORD_HEALTH: Rule("record health information", _CASE_WRITERS, "health"),
    Action.RECORD_EDUCATION: Rule("record education", _CASE_WRITERS, "education"),
    Action.RECORD_CARE_LEAVER: Rule(
        "record care-leaver support", _CASE_WRITERS | {Role.PERSONAL_ADVISER}
    ),
    Action.RECORD_EUSS: Rule("record the EU Settlement Scheme status", _CASE_WRITERS),
}

ALLOCATION_ACTIONS: dict[str, Action] = {
    "social_worker": Action.ALLOCATE_SOCIAL_WORKER,
    "team": Action.ALLOCATE_TEAM,
    "iro": Action.ALLOCATE_IRO,
    "personal_adviser": Action.ALLOCATE_PERSONAL_ADVISER,
    "independent_visitor": Action.ALLOCATE_INDEPENDENT_VISITOR,
    "advocate": Action.ALLOCATE_ADVOCATE,
}

# What an SSDA903 import records (decision 0007): history already recorded by the
# council and sent to the DfE, loaded by `manage.py import_ssda903` and never by a page.
IMPORT_ACTIONS = frozenset(
    {
        Action.REGISTER_CHILD,
        Action.RECORD_CARE_HISTORY,
        Action.END_CARE,
        Action.RECORD_HEALTH,
        Action.RECORD_REVIEW,
        Action.RECORD_MISSING,
        Action.RECORD_YOUTH_JUSTICE,
        Action.RECORD_CARE_LEAVER,
    }
)
_importing: ContextVar[bool] = ContextVar("importing", default=False)


class PermissionRefused(ApplicationError):
    """The user's role (or their part in the record) does not let them do this."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="permission")


def allows(*, user: Any, action: Action | str) -> bool:
    """Whether `user`'s role lets them take `action` (on the children they may see).
    For a rule `on_the_record`, this says only whether the role could ever: ask the
    function for the record too."""
    rule = RULES[Action(action)]
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role in rule.roles:
        return True
    return bool(rule.partner_section) and rule.partner_section in user.partner_sections


def refusal(action: Action | str, *, field: str | None = None) -> PermissionRefused:
    return PermissionRefused(f"You cannot {RULES[Action(action)].what}", field=field)


def require(*, user: Any, action: Action | str, field: str | None = None) -> None:
    """Raise `PermissionRefused` (on `field`, if given) unless `user` may take `action`."""
    if _importing.get() and Action(action) in IMPORT_ACTIONS:
        return
    if not allows(user=user, action=action):
        raise refusal(action, field=field)


@contextmanager
def importing() -> Iterator[None]:
    """Inside, the actions an SSDA903 import records are allowed whoever runs it."""
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


# Every service wrapped by `requires`, by action: the role x action test walks it.
SERVICES: dict[Action, list[Callable[..., Any]]] = {action: [] for action in Action}

P = ParamSpec("P")
R = TypeVar("R")


def requires(
    *actions: Action, check: Callable[[dict[str, Any]], None] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Wrap a service so that it refuses, before it reads or writes anything, a `by`
    whose role may not take its action. A service whose action depends on what it is
    given (the kind of an allocation, the type of a case note) names every action it may
    take and a `check` of its keyword arguments. For a rule `on_the_record` this checks
    the role; the service checks the rest on the locked record, by a function below."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @wraps(service)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            if check is not None:
                check(kwargs)
            else:
                require(user=kwargs["by"], action=actions[0])
            return service(*args, **kwargs)

        checked.actions = actions  # type: ignore[attr-defined]
        for action in actions:
            SERVICES[action].append(checked)
        return checked

    return decorate


# --- allocations -----------------------------------------------------------------


def allocation_action(kind: str) -> Action:
    try:
        return ALLOCATION_ACTIONS[kind]
    except KeyError:
        raise ApplicationError("Select what is being allocated", field="kind") from None


def allocatable_kinds(*, user: Any) -> list[str]:
    """The allocation kinds `user` may make, in the code list's order."""
    return [kind for kind, action in ALLOCATION_ACTIONS.items() if allows(user=user, action=action)]


def check_allocation(*, user: Any, kind: str, worker: User | None) -> None:
    """`user` may make an allocation of `kind`, and `worker`'s role fits it: an IRO
    allocation takes an IRO, a personal adviser allocation a personal adviser..."""
    action = allocation_action(kind)
    require(user=user, action=action, field="kind")
    rule = RULES[action]
    if worker is None or not rule.worker_roles:
        return
    if not worker.is_active or worker.role not in rule.worker_roles:
        allowed = " or ".join(sorted(Role(r).label.lower() for r in rule.worker_roles))
        raise ApplicationError(f"{worker} is not a {allowed}: choose a {allowed}", field="worker")


# --- rules that depend on the record ----------------------------------------------


def check_allocation_arguments(kwargs: dict[str, Any]) -> None:
    check_allocation(user=kwargs["by"], kind=kwargs["kind"], worker=kwargs.get("worker"))


def check_note_arguments(kwargs: dict[str, Any]) -> None:
    marked = kwargs.get("management_decision", False)
    action = note_action(note_type=kwargs["note_type"], management_decision=marked)
    require(
        user=kwargs["by"], action=action, field="management_decision" if marked else "note_type"
    )


def note_action(*, note_type: str, management_decision: bool = False) -> Action:
    """A management decision (a note of that type, or one marked as one) is a team
    manager's; any other case note is the note writers'."""
    if management_decision or note_type == "management_decision":
        return Action.WRITE_MANAGEMENT_DECISION
    return Action.WRITE_CASE_NOTE


def may_edit_note(*, user: Any, note: Any, until: datetime, now: datetime) -> bool:
    """Only the author changes a note, and only until `until` (CASE_NOTE_EDIT_MINUTES
    after writing it); afterwards corrections are amendments."""
    return (
        note.author_id == user.pk
        and now < until
        and allows(
            user=user,
            action=note_action(
                note_type=note.note_type, management_decision=note.management_decision
            ),
        )
    )


def may_respond_to_stage(*, user: Any, stage: Any) -> bool:
    """The named responder answers a formal stage of an open resolution; the IRO service
    records the outcome of an informal discussion or a Cafcass referral (no responder)."""
    if not allows(user=user, action=Action.RESPOND_TO_STAGE):
        return False
    if stage.responded_on is not None or stage.resolution.status != "open":
        return False
    if stage.responder_id is not None:
        return bool(stage.responder_id == user.pk)
    return allows(user=user, action=Action.RAISE_RESOLUTION)


def may_respond_to_qop(*, user: Any, form: Any) -> bool:
    """Only the recipient answers a Quality of Practice form, once."""
    return (
        allows(user=user, action=Action.RESPOND_TO_QOP)
        and form.recipient_id == user.pk
        and form.responded_on is None
    )
