"""The registry of statutory deadline rules, and what every rule is written with.

Each rule is a small function registered with `@rule(...)` in its app's
`deadline_rules` module (found when the apps are ready: deadlines.apps): it takes one
child's facts (`ChildFacts`, loaded in bulk by `deadlines.facts`) and a `RuleContext`
(today, the working-day calendar, the council's settings) and yields the deadlines
the record gives rise to (`Due`). Rules are pure: no database, no clock, so they are
tested with hand-worked dates. The app registers the facts its rules read and the
timescales they use beside them (decision 0023).

The source of each rule is in its docstring and in `source`, which the work lists
show. Numbers that are a council's choice come from `RuleSettings`
(deadlines.timescales: constance, editable by an administrator).

Keys: a deadline belongs to an occasion, named by `key`: "period:<id>" for a
once-per-period-of-care deadline, "placement:<id>" for a placement's visits,
"euss" for the child's EU Settlement Scheme record. A deadline that a rule no
longer yields is marked "no longer applies" by the recompute.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, wraps
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from core.dates import birthday as birthday
from deadlines.calendar import WorkingCalendar
from deadlines.calendar import long_date as _long_date
from deadlines.facts import ChildFacts, ShortBreakPlanFact
from deadlines.timescales import RuleSettings, rule_settings

if TYPE_CHECKING:
    from accounts.models import User

__all__ = [
    "REGISTRY",
    "ChildFacts",
    "Due",
    "Rule",
    "RuleContext",
    "RuleSettings",
    "birthday",
    "evaluate",
    "long_date",
    "rule",
    "rule_choices",
    "rule_settings",
    "until_eighteen",
    "working_days",
]

# Explanations name the same dates for many children: each is written out once.
long_date = lru_cache(maxsize=16384)(_long_date)


@dataclass(frozen=True)
class RuleContext:
    today: date
    calendar: WorkingCalendar
    settings: RuleSettings


@dataclass(frozen=True)
class Due:
    """One deadline a rule yields: the occasion's key, the due date, and how it was
    met (the date and the record) if it was."""

    key: str
    due_date: date
    explanation: str
    met_on: date | None = None
    met_by: str = ""
    # The occasion passed without being met and can no longer be (a midway review once
    # the next review is held): it stays on record as missed, not "no longer applies".
    missed: bool = False


# --- the registry ----------------------------------------------------------------------

RuleFunction = Callable[[ChildFacts, RuleContext], Iterator[Due]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    source: str
    # Whose work it is: the kind of allocation (children.AllocationKind) whose holder
    # sees it in "My work" and gets its reminders, a role (accounts.Role) whose holders
    # all do (the IRO manager allocates IROs), or a kind of responsibility an app
    # registers with `register_responsible` (the named responder of a stage).
    responsible: str
    function: RuleFunction
    # Where the rule is listed (work list filters, summaries) and evaluated: by `order`,
    # then by code, whichever app registered it first. The numbers keep the order the
    # rules have always had; a new rule takes one after those of its kind (decision
    # 0023).
    order: int

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip()


# Every registered rule by code, in order.
REGISTRY: dict[str, Rule] = {}


def rule(*, code: str, title: str, source: str, responsible: str, order: int) -> Callable:
    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise ValueError(f"Deadline rule {code!r} is registered twice")
        rules = [*REGISTRY.values(), Rule(code, title, source, responsible, function, order)]
        rules.sort(key=lambda r: (r.order, r.code))
        REGISTRY.clear()
        REGISTRY.update((r.code, r) for r in rules)
        return function

    return register


def rule_choices() -> list[tuple[str, str]]:
    return [(r.code, r.title) for r in REGISTRY.values()]


def evaluate(facts: ChildFacts, context: RuleContext) -> Iterator[tuple[str, Due]]:
    """Every deadline the child's record gives rise to, as (rule code, Due)."""
    for registered in REGISTRY.values():
        for due in registered.function(facts, context):
            yield registered.code, due


# A responsibility that is neither an allocation nor a role: the keys of the open
# deadlines that are a user's (deadlines.selectors.my_work), registered by the app
# that knows them.
ResponsibleKeys = Callable[["User"], Iterable[str]]
RESPONSIBLE: dict[str, ResponsibleKeys] = {}


def register_responsible(name: str) -> Callable[[ResponsibleKeys], ResponsibleKeys]:
    def register(keys: ResponsibleKeys) -> ResponsibleKeys:
        if name in RESPONSIBLE:
            raise ValueError(f"The responsibility {name!r} is registered twice")
        RESPONSIBLE[name] = keys
        return keys

    return register


# --- what the rules are written with ---------------------------------------------------


def working_days(n: int) -> str:
    return "1 working day" if n == 1 else f"{n} working days"


def until_eighteen(function: RuleFunction) -> RuleFunction:
    """A looked-after duty: a looked-after child is under 18 (Children Act 1989 s105(1)),
    so a deadline the rule would give on or after the 18th birthday is not produced
    (a 29 February birthday is reached on 1 March in a common year: `birthday`). The
    care-leaver rules take over from then. Applied under `@rule` to each such rule."""

    @wraps(function)
    def gated(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
        eighteen = birthday(facts.date_of_birth, 18)
        return (due for due in function(facts, ctx) if due.due_date < eighteen)

    gated.__doc__ = (
        f"{(function.__doc__ or '').rstrip()}\n\n    Nothing is due on or after the 18th "
        "birthday: care ends at 18 (Children Act 1989 s105(1)).\n"
    )
    return gated


# --- short breaks (reg 48) -------------------------------------------------------------
# A child looked after only under an agreed series of short breaks (903 LS V3/V4) has
# none of the full-care duties: deadlines.facts leaves `period_start` unset while the open
# period of care is a break. Reg 48 of the Care Planning, Placement and Case Review
# (England) Regulations 2010 disapplies regs 5, 7, 9, 13 and 28(2) and gives the series
# its own timescales for reviews and visits (decision 0019): the series' reviews are
# reviews' rules, its visits casework's, on the occasions below.

REG_48 = "Care Planning, Placement and Case Review (England) Regulations 2010, reg 48"
SHORT_BREAKS_FIRST_MONTHS = 3
SHORT_BREAKS_INTERVAL_MONTHS = 6


def short_break_occasions(
    plan: ShortBreakPlanFact,
    done: list[tuple[date, str]],
    what: str,
    key: str,
) -> Iterator[Due]:
    """The occasions of a short-break duty: the first within 3 months of the first break,
    then at most 6 months after the one before. `done` are the dates and records that
    met them, in order. The open occasion stands while the series does (and for one
    due before the series ended)."""
    first = plan.first_break
    if first is None:
        return
    due = first + relativedelta(months=SHORT_BREAKS_FIRST_MONTHS)
    explanation = (
        f"{what} by {long_date(due)}: within {SHORT_BREAKS_FIRST_MONTHS} months of the first "
        f"short break on {long_date(first)} (reg 48)"
    )
    number = 0
    for number, (on, met_by) in enumerate(done, start=1):
        yield Due(f"{key}:{number}", due, explanation, on, met_by)
        due = on + relativedelta(months=SHORT_BREAKS_INTERVAL_MONTHS)
        explanation = (
            f"{what} by {long_date(due)}: within {SHORT_BREAKS_INTERVAL_MONTHS} months of the "
            f"last on {long_date(on)} (reg 48)"
        )
    if plan.end is None or due < plan.end:
        yield Due(f"{key}:{number + 1}", due, explanation)
