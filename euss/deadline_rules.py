"""The EU Settlement Scheme deadline rules: the application made before leaving care,
settled status applied for as soon as it can be, and pre-settled status not left to
expire. Registered with the deadline engine (deadlines.rules), with the facts they
read (decision 0023); the dates are euss.rules'."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from deadlines.facts import Batch, Children, register_facts
from deadlines.rules import ChildFacts, Due, RuleContext, long_date, rule
from euss.rules import eighteenth_birthday, settled_eligibility_date

# --- facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EussFact:
    id: int
    status: str
    family_member: bool
    coa_date: date | None
    pre_settled_date: date | None
    settled_date: date | None
    residence_start: date | None
    pre_settled_expiry: date | None


@dataclass
class EussFacts:
    """The child's EU Settlement Scheme record, if any, and whether an EU, EEA or Swiss
    nationality is recorded."""

    euss: EussFact | None = None
    euss_nationality: bool = False


@register_facts(
    EussFacts, tables={"euss.EussRecord": "child_id", "children.Nationality": "child_id"}
)
def load_euss_facts(batch: Batch, facts: Children) -> None:
    from children.codes import EUSS_COUNTRIES
    from children.models import Nationality
    from euss.models import EussRecord

    if facts.earliest_start() is None:
        return
    for row in batch.filter(EussRecord.objects.all()).values_list(
        "child_id",
        "pk",
        "status",
        "family_member",
        "coa_date",
        "pre_settled_date",
        "settled_date",
        "residence_start",
        "pre_settled_expiry",
    ):
        facts[row[0]].part(EussFacts).euss = EussFact(*row[1:])

    nationals = batch.filter(Nationality.objects.filter(country__in=EUSS_COUNTRIES))
    for child_id in nationals.values_list("child_id", flat=True):
        facts[child_id].part(EussFacts).euss_nationality = True


# --- the rules -------------------------------------------------------------------------


@rule(
    code="euss_apply",
    title="EU Settlement Scheme application",
    source="IMA assurance review (2025), paragraphs 7 and 10; Home Office EUSS guidance",
    responsible="social_worker",
    order=200,
)
def euss_apply(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child who may be eligible for the EU Settlement Scheme (an EU,
    EEA or Swiss national, or a family member of one) has an application made before
    they leave care: due by their 18th birthday. Met on the date of the certificate of
    application, or the date status was granted. No deadline once "not eligible" is
    recorded (DOMAIN.md sections 3 and 8).
    """
    from euss.models import EussStatus

    if facts.period_start is None:
        return
    euss = facts.part(EussFacts).euss
    eligible = facts.part(EussFacts).euss_nationality or bool(euss and euss.family_member)
    if not eligible or (euss and euss.status == EussStatus.NOT_ELIGIBLE):
        return
    due = eighteenth_birthday(facts.date_of_birth)
    explanation = (
        f"EU Settlement Scheme application made by {long_date(due)}: before leaving care "
        "at 18 (IMA review)"
    )
    met_on, met_by = None, ""
    if euss is not None:
        made = [d for d in (euss.coa_date, euss.pre_settled_date, euss.settled_date) if d]
        if euss.status != EussStatus.NOT_APPLIED and made:
            met_on, met_by = min(made), f"euss.eussrecord:{euss.id}"
    yield Due("euss", due, explanation, met_on, met_by)


@rule(
    code="euss_settled",
    title="EUSS: apply for settled status",
    source="Immigration Rules Appendix EU, EU11; IMA assurance review (2025), paragraph 12",
    responsible="social_worker",
    order=210,
)
def euss_settled(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child with pre-settled status can get settled status 5 years
    after their continuous residence began (euss.rules.settled_eligibility_date): the
    deadline is that date, so that the upgrade is applied for as soon as it can be and
    before the child leaves care. Met when settled status is granted.
    """
    from euss.models import EussStatus

    euss = facts.part(EussFacts).euss
    if facts.period_start is None or euss is None or euss.residence_start is None:
        return
    if euss.status not in (EussStatus.PRE_SETTLED, EussStatus.SETTLED):
        return
    due = settled_eligibility_date(euss.residence_start)
    explanation = (
        f"Eligible for settled status from {long_date(due)}: 5 years after residence "
        f"began on {long_date(euss.residence_start)} (Appendix EU, EU11)"
    )
    met_on, met_by = None, ""
    if euss.status == EussStatus.SETTLED and euss.settled_date:
        met_on, met_by = euss.settled_date, f"euss.eussrecord:{euss.id}"
    yield Due("euss", due, explanation, met_on, met_by)


@rule(
    code="euss_expiry",
    title="EUSS: pre-settled status expires",
    source="Immigration Rules Appendix EU, EU3; IMA assurance review (2025), paragraph 12",
    responsible="social_worker",
    order=220,
)
def euss_expiry(facts: ChildFacts, ctx: RuleContext) -> Iterator[Due]:
    """A looked-after child's pre-settled status has an expiry date: settled status is
    granted (or the extension confirmed and the new date recorded) before it. Met when
    settled status is granted.
    """
    from euss.models import EussStatus

    euss = facts.part(EussFacts).euss
    if facts.period_start is None or euss is None or euss.pre_settled_expiry is None:
        return
    if euss.status not in (EussStatus.PRE_SETTLED, EussStatus.SETTLED):
        return
    due = euss.pre_settled_expiry
    explanation = f"Pre-settled status expires on {long_date(due)}: settled status before then"
    met_on, met_by = None, ""
    if euss.status == EussStatus.SETTLED and euss.settled_date:
        met_on, met_by = euss.settled_date, f"euss.eussrecord:{euss.id}"
    yield Due("euss", due, explanation, met_on, met_by)
