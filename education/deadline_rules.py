"""The personal education plan deadline rules: the PEP in place on coming into care,
and reviewed every term. Registered with the deadline engine (deadlines.rules), with
the facts they read and their timescales (decision 0023)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from deadlines.facts import Batch, Children, RecordDate, register_facts
from deadlines.rules import (
    ChildFacts,
    Due,
    RuleContext,
    long_date,
    rule,
    until_eighteen,
    working_days,
)
from deadlines.timescales import timescale

# The timescales, the terms and the ages are explained in
# docs/decisions/0011-pep-timescales.md.


timescale(
    "PEP_INITIAL_WORKING_DAYS",
    10,
    "Working days after a child becomes looked after by which their personal education "
    "plan is in place (statutory guidance: 10).",
    fieldset="Education",
)
timescale(
    "PEP_MIN_AGE",
    3,
    "Youngest age (in years) at which a child in care has a personal education plan "
    "(3: early education).",
    fieldset="Education",
)
timescale(
    "PEP_MAX_AGE",
    18,
    "Age (in years) from which a personal education plan is no longer due (18).",
    fieldset="Education",
)


@dataclass
class EducationFacts:
    """Personal education plans completed in the open period, earliest first."""

    peps: list[RecordDate] = field(default_factory=list)


@register_facts(EducationFacts, tables={"education.Pep": "child_id"})
def load_education_facts(batch: Batch, facts: Children) -> None:
    from education.models import Pep

    if facts.earliest_start() is None:
        return
    peps = batch.filter(
        Pep.objects.filter(period__end_date__isnull=True, completed_date__isnull=False)
    )
    for child_id, pk, completed in peps.order_by("child_id", "completed_date", "pk").values_list(
        "child_id", "pk", "completed_date"
    ):
        facts[child_id].part(EducationFacts).peps.append(RecordDate(pk, completed))


def _pep_age(facts: ChildFacts, on: date, ctx: RuleContext) -> bool:
    """Whether the child is of an age to have a PEP on `on`: from PEP_MIN_AGE (3, early
    education) and under PEP_MAX_AGE (18)."""
    from children.codes import age_on

    age = age_on(facts.date_of_birth, on)
    return ctx.settings.PEP_MIN_AGE <= age < ctx.settings.PEP_MAX_AGE


@rule(
    code="pep_initial",
    title="Personal education plan in place",
    source="Promoting the education of looked-after children and previously looked-after "
    "children (DfE statutory guidance, 2018): the PEP as part of the care plan; local policy "
    "(default 10 working days)",
    responsible="social_worker",
    order=600,
)
@until_eighteen
def pep_initial(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A child who becomes looked after has a personal education plan (PEP) in place
    within PEP_INITIAL_WORKING_DAYS working days (default 10) of the day they became
    looked after (statutory guidance: the PEP is part of the care plan; councils' practice
    is to start it within 10 working days, in time for the first review). Only for a
    child aged from PEP_MIN_AGE (3) to under PEP_MAX_AGE (18) that day, the ages of early
    education to the end of education at 18.

    One per period of care, met by the first PEP completed and signed off in the period
    (a meeting held but not yet signed off does not meet it).
    """
    if facts.period_start is None or not _pep_age(facts, facts.period_start, ctx):
        return
    start = facts.period_start
    days = ctx.settings.PEP_INITIAL_WORKING_DAYS
    due = ctx.calendar.add_working_days(start, days)
    explanation = (
        f"PEP in place by {long_date(due)}: {working_days(days)} after becoming looked "
        f"after on {long_date(start)}"
    )
    first = next((p for p in facts.part(EducationFacts).peps if p.on >= start), None)
    met_on, met_by = (first.on, f"education.pep:{first.id}") if first else (None, "")
    yield Due(f"period:{facts.period_id}", due, explanation, met_on, met_by)


@rule(
    code="pep_termly",
    title="Personal education plan reviewed this term",
    source="Promoting the education of looked-after children and previously looked-after "
    "children (DfE statutory guidance, 2018): the PEP reviewed each term; terms as in "
    "decision 0011",
    responsible="social_worker",
    order=610,
)
@until_eighteen
def pep_termly(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """After the first PEP, the PEP is reviewed every school term: one PEP completed in
    each term, due by the term's last day. Terms: autumn 1 September to 31 December,
    spring 1 January to 31 March, summer 1 April to 31 August.

    Counted from the first term that begins after the child became looked after (the
    term they came into care in is covered by the first PEP, pep_initial), up to the
    current term, for each term the child starts aged from PEP_MIN_AGE to under
    PEP_MAX_AGE. A term is met by the first PEP completed on or after its first day: in
    time when within the term; a term missed is met late by the next PEP, which also
    counts for the term it falls in.
    """
    from education.school_year import terms_after

    if facts.period_start is None:
        return
    for term in terms_after(facts.period_start, ctx.today):
        if not _pep_age(facts, term.start, ctx):
            continue
        explanation = f"PEP for the {term.label.lower()} by {long_date(term.end)}"
        done = next((p for p in facts.part(EducationFacts).peps if p.on >= term.start), None)
        met_on, met_by = (done.on, f"education.pep:{done.id}") if done else (None, "")
        yield Due(
            f"period:{facts.period_id}:term:{term.key}", term.end, explanation, met_on, met_by
        )
