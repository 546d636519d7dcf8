"""Young people with a care history, for the care-leaver tests."""

from datetime import date, timedelta

from care_leavers.categories import birthday
from children.models import LegalStatusRecord, PeriodOfCare
from tests.factories import ChildFactory, UserFactory, allocate


def person(role, **kw):
    return UserFactory(role=role, **kw)


def _child(**kw):
    return ChildFactory(**kw)


def young_person(dob: date, start: date, end: date | None, reason: str = "E5", **kw):
    """A young person looked after from `start` to `end` under s20 (V2)."""
    child = _child(date_of_birth=dob, **kw)
    period = PeriodOfCare.objects.create(
        child=child,
        start_date=start,
        end_date=end,
        category_of_need="N1",
        reason_ceased=reason if end else "",
    )
    LegalStatusRecord.objects.create(
        child=child, period=period, code="V2", start_date=start, end_date=end
    )
    return child


def former_relevant(today: date, age: int = 19, **kw):
    """Looked after from 15 to 18, now `age` (the day after their birthday)."""
    dob = birthday(today, -age) - timedelta(days=1)
    return young_person(dob, birthday(dob, 15), birthday(dob, 18), "E17", **kw)


def with_adviser(child, adviser, start=date(2024, 1, 1)):
    allocate(child, worker=adviser, kind="personal_adviser", start=start)
    return child
