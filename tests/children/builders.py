"""Build care histories through the services, as a social worker would record them."""

from datetime import date
from typing import Any

from children import services
from children.services import Entry, Identity, PlacementDetails


def identity(**overrides) -> Identity:
    values: dict[str, Any] = {
        "la_reference": "C100001",
        "first_name": "Robin",
        "last_name": "Applebury",
        "date_of_birth": date(2015, 6, 1),
        "sex": "F",
        "ethnicity": "WBRI",
        "nationalities": ["GB"],
        "upn_unknown_reason": "UN4",
    }
    values.update(overrides)
    return Identity(**values)


def placement(
    start: date, place: str = "U6", carer: str = "Smith", **overrides
) -> PlacementDetails:
    values: dict[str, Any] = {
        "placement_type": place,
        "provider": "PR1",
        "start_date": start,
        "carer_name": carer,
        "postcode": "B1 1AA",
        "home_postcode": "B2 4QA",
    }
    values.update(overrides)
    return PlacementDetails(**values)


def register(by, start: date, legal_status: str = "V2", place: str = "U6", **identity_overrides):
    return services.child_register(
        identity=identity(**identity_overrides),
        entry=Entry(
            start_date=start,
            category_of_need="N1",
            legal_status=legal_status,
            previous_permanence="Z1",
            placement=placement(start, place),
        ),
        by=by,
    )


def move(child, by, start: date, place: str, carer: str, reason: str = "CARPL", same=False, **kw):
    return services.placement_change(
        child=child,
        details=placement(start, place, carer, same_carer_as_previous=same, **kw),
        reason_for_change=reason,
        planned_ending=True,
        by=by,
    )


def legal(child, by, start: date, code: str, replace: bool = True):
    current = list(child.legal_statuses.filter(end_date__isnull=True)) if replace else []
    return services.legal_status_change(
        child=child, code=code, start_date=start, ends=current, by=by
    )


def readmit(child, by, start: date, legal_status: str = "V2", place: str = "U6"):
    """A later period of care, starting `start` with its first legal status and placement."""
    return services.period_of_care_start(
        child=child,
        entry=Entry(
            start_date=start,
            category_of_need="N1",
            legal_status=legal_status,
            previous_permanence="Z1",
            placement=placement(start, place),
        ),
        by=by,
    )
