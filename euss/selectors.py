"""Reads for the EU Settlement Scheme tracker.

The managers' list and its CSV both come from `euss_rows_for`, which starts
from `children.selectors.children_visible_to`: the one access rule.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from children.codes import EUSS_COUNTRIES
from children.models import Child, Nationality
from children.selectors import children_visible_to
from core.dates import long_date
from euss import rules
from euss.models import EussRecord, EussStatus

NO_RECORD = "none"


def _record_of(child: Child) -> EussRecord | None:
    try:
        return child.euss_record
    except EussRecord.DoesNotExist:
        return None


def euss_for_child(*, child: Child, today: date | None = None) -> dict:
    """The EUSS part of the child's page, in one query.

    `child.nationalities` should be prefetched (children.selectors.child_record does).
    """
    today = today or timezone.localdate()
    record = EussRecord.objects.select_related("supported_by").filter(child=child).first()
    nationalities = [n.country for n in child.nationalities.all()]
    eligible = rules.is_eligible(nationalities, bool(record and record.family_member))
    return {
        "euss_record": record,
        "euss_eligible": eligible,
        "euss_relevant": eligible or record is not None,
        "euss_banner": rules.banner_for(record, child, today, nationalities=nationalities),
    }


@dataclass
class EussRow:
    child: Child
    record: EussRecord | None
    nationalities: list[str]
    nationality_names: list[str]
    banner: str | None

    @property
    def status(self) -> str:
        return self.record.status if self.record else NO_RECORD

    @property
    def status_label(self) -> str:
        return self.record.get_status_display() if self.record else "No record"

    @property
    def settled_eligibility_date(self) -> date | None:
        return self.record.settled_eligibility_date if self.record else None


# The columns the list shows and the CSV carries: one definition for both.
COLUMNS = [
    "LA reference",
    "Name",
    "Date of birth",
    "Nationality",
    "Status",
    "Eligible for settled status",
    "Pre-settled expiry",
    "Action needed",
]


def row_cells(row: EussRow) -> list[str]:
    def d(value: date | None) -> str:
        return long_date(value) if value else ""

    record = row.record
    return [
        row.child.la_reference,
        row.child.full_name,
        d(row.child.date_of_birth),
        ", ".join(row.nationality_names),
        row.status_label,
        d(row.settled_eligibility_date)
        if record and record.status == EussStatus.PRE_SETTLED
        else "",
        d(record.pre_settled_expiry) if record and record.status == EussStatus.PRE_SETTLED else "",
        row.banner or "",
    ]


def status_choices() -> list[tuple[str, str]]:
    return [(NO_RECORD, "No record"), *EussStatus.choices]


def euss_rows_for(
    *, user: User, status: str = "", needs_action: bool = False, today: date | None = None
) -> list[EussRow]:
    """The children `user` may see who hold an EU, EEA or Swiss nationality or have an
    EUSS record, with their status and alert. A fixed number of queries."""
    today = today or timezone.localdate()
    relevant = Q(
        pk__in=Nationality.objects.filter(country__in=EUSS_COUNTRIES).values("child_id")
    ) | Q(pk__in=EussRecord.objects.values("child_id"))
    children = (
        children_visible_to(user=user)
        .filter(relevant)
        .select_related("euss_record")
        .prefetch_related("nationalities")
        .order_by("last_name", "first_name", "pk")
    )
    rows = []
    for child in children:
        record = _record_of(child)
        nationalities = [n.country for n in child.nationalities.all()]
        row = EussRow(
            child=child,
            record=record,
            nationalities=nationalities,
            nationality_names=[n.country_name for n in child.nationalities.all()],
            banner=rules.banner_for(record, child, today, nationalities=nationalities),
        )
        if status and row.status != status:
            continue
        if needs_action and not row.banner:
            continue
        rows.append(row)
    return rows
