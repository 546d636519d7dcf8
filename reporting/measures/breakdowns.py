"""Breakdowns of a cohort: by sex, age band, ethnicity, legal status, placement type,
reason ceased and UASC, each on the day that matters for the child (the day of the
count, the day they started to be looked after, or their last day looked after).

Each breakdown is read in a fixed number of queries, whatever the number of children:
one for the children's own details, one for their legal statuses and one for their
placements. A cell holds the ids of its children, so that the figure and the list it
links to are the same children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from children import codes
from children.codes import age_on, label
from children.models import Child, LegalStatusRecord, Placement, Sex
from core.dates import covers
from reporting.measures.base import Cell

NOT_RECORDED = ("", "Not recorded")

# The DfE's age bands (children looked after statistics): (first age, last age, words).
AGE_BANDS = [
    (0, 0, "Under 1"),
    (1, 4, "1 to 4"),
    (5, 9, "5 to 9"),
    (10, 15, "10 to 15"),
    (16, None, "16 and over"),
]


@dataclass(frozen=True)
class Reference:
    """The day a child is described on, and (for leavers) why their care ended."""

    day: date
    reason_ceased: str = ""


def age_band(date_of_birth: date, on: date) -> str:
    """The DfE age band of a child on a day (age_on: a 29 February birthday falls on
    1 March in other years)."""
    age = age_on(date_of_birth, on)
    for low, high, words in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return words
    return AGE_BANDS[0][2]  # born after the day: counted as under 1


DIMENSIONS: dict[str, str] = {
    "sex": "Sex",
    "age_band": "Age band",
    "ethnicity": "Ethnicity",
    "legal_status": "Legal status",
    "placement_type": "Placement type",
    "reason_ceased": "Reason ceased",
    "uasc": "Unaccompanied asylum-seeking child",
    # Computed by their own measures (reporting.measures.recency), not by `breakdowns`.
    "since_review": "Time since the latest review",
    "since_visit": "Time since the last visit",
}
OWN_CELLS = frozenset({"since_review", "since_visit"})


def _cells(
    groups: dict[str, set[int]], order: Iterable[tuple[str, str]], keep_empty: bool = False
) -> list[Cell]:
    cells = []
    for key, words in [*order, NOT_RECORDED]:
        ids = groups.get(key, set())
        if ids or (keep_empty and key):
            cells.append(Cell(key, str(words), frozenset(ids)))
    return cells


def breakdowns(
    children: QuerySet[Child], references: dict[int, Reference], dimensions: Iterable[str]
) -> dict[str, list[Cell]]:
    """The cells of each of `dimensions` for `children`, each child described on their
    `references` day. A child holding two legal statuses that day (a care order and a
    placement order) is in both cells; every other breakdown puts each child in one."""
    wanted = [d for d in dimensions if d in DIMENSIONS and d not in OWN_CELLS]
    if not wanted:
        return {}
    ids = children.order_by().values("pk")
    people = list(
        Child.objects.filter(pk__in=ids).values_list(
            "pk", "sex", "ethnicity", "date_of_birth", "uasc", "uasc_start", "uasc_end"
        )
    )
    present = [pk for pk, *_ in people if pk in references]
    result: dict[str, list[Cell]] = {}
    groups: dict[str, dict[str, set[int]]] = {d: defaultdict(set) for d in wanted}
    for pk, sex, ethnicity, dob, uasc, uasc_start, uasc_end in people:
        ref = references.get(pk)
        if ref is None:
            continue
        if "sex" in groups:
            groups["sex"][sex].add(pk)
        if "ethnicity" in groups:
            groups["ethnicity"][ethnicity].add(pk)
        if "age_band" in groups:
            groups["age_band"][age_band(dob, ref.day)].add(pk)
        if "uasc" in groups:
            is_uasc = uasc and covers(uasc_start or date.min, uasc_end, ref.day)
            groups["uasc"]["yes" if is_uasc else "no"].add(pk)
        if "reason_ceased" in groups:
            groups["reason_ceased"][ref.reason_ceased].add(pk)
    if "legal_status" in groups:
        held: dict[int, set[str]] = defaultdict(set)
        for child_id, code, start, end in LegalStatusRecord.objects.filter(
            child_id__in=ids
        ).values_list("child_id", "code", "start_date", "end_date"):
            ref = references.get(child_id)
            if ref is not None and covers(start, end, ref.day):
                held[child_id].add(code)
        for pk in present:
            for code in held.get(pk) or {""}:
                groups["legal_status"][code].add(pk)
    if "placement_type" in groups:
        placed: dict[int, str] = {}
        for child_id, kind, start, end in Placement.objects.filter(child_id__in=ids).values_list(
            "child_id", "placement_type", "start_date", "end_date"
        ):
            ref = references.get(child_id)
            if ref is not None and covers(start, end, ref.day):
                placed[child_id] = kind
        for pk in present:
            groups["placement_type"][placed.get(pk, "")].add(pk)
    orders: dict[str, list[tuple[str, str]]] = {
        "sex": [(s.value, str(s.label)) for s in Sex],
        "age_band": [(words, words) for _, _, words in AGE_BANDS],
        "ethnicity": list(codes.Ethnicity.choices),
        "legal_status": list(codes.LegalStatus.choices),
        "placement_type": list(codes.PlacementType.choices),
        "reason_ceased": [
            (c, label(codes.ReasonEpisodeCeased, c)) for c, _ in codes.PERIOD_END_REASONS
        ],
        "uasc": [("yes", "Yes"), ("no", "No")],
    }
    for dimension in wanted:
        result[dimension] = _cells(
            groups[dimension], orders[dimension], keep_empty=dimension in ("sex", "age_band")
        )
    return result
