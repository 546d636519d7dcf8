"""Care ends at 18 (Children Act 1989 s105(1)): the record cannot keep a child looked
after past the 18th birthday without saying so, and the return leaves such a child out.

Robin is born on 10 June 2008 and turns 18 on Wednesday 10 June 2026; Ada is born on
29 February 2008 and turns 18 on 1 March 2026 (2026 is a common year).
"""

from datetime import date

import pytest
from django.urls import reverse

from children import services
from core.exceptions import ApplicationError
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return, children_looked_after_past_eighteen
from tests.children.builders import legal, move, register

pytestmark = pytest.mark.django_db

ROBIN = date(2008, 6, 10)


def test_nothing_of_care_starts_on_or_after_the_18th_birthday(social_worker):
    child = register(social_worker, date(2025, 5, 1), date_of_birth=ROBIN)
    with pytest.raises(ApplicationError) as refused:
        move(child, social_worker, date(2026, 6, 10), "U6", "Jones")
    assert "18th birthday" in str(refused.value)
    with pytest.raises(ApplicationError):
        legal(child, social_worker, date(2026, 6, 10), "C2")
    # The day before the birthday is still in care.
    move(child, social_worker, date(2026, 6, 9), "U6", "Jones")


def test_care_ends_on_the_18th_birthday_at_the_latest(social_worker):
    child = register(social_worker, date(2025, 5, 1), date_of_birth=ROBIN)
    with pytest.raises(ApplicationError) as refused:
        services.period_of_care_end(
            child=child, end_date=date(2026, 6, 11), reason="E17", by=social_worker
        )
    assert refused.value.field == "end_date"
    assert "10 June 2026" in str(refused.value)
    period = services.period_of_care_end(
        child=child, end_date=date(2026, 6, 10), reason="E17", by=social_worker
    )
    assert period.end_date == date(2026, 6, 10)


def test_a_29_february_birthday_ends_care_on_1_march_in_a_common_year(social_worker):
    child = register(social_worker, date(2025, 5, 1), date_of_birth=date(2008, 2, 29))
    with pytest.raises(ApplicationError) as refused:
        services.period_of_care_end(
            child=child, end_date=date(2026, 3, 2), reason="E5", by=social_worker
        )
    assert "1 March 2026" in str(refused.value)
    services.period_of_care_end(
        child=child, end_date=date(2026, 3, 1), reason="E5", by=social_worker
    )


def test_a_new_period_of_care_cannot_start_at_18(social_worker):
    with pytest.raises(ApplicationError) as refused:
        register(social_worker, date(2026, 6, 10), date_of_birth=ROBIN)
    assert refused.value.field == "start_date"


def test_the_return_leaves_out_and_lists_a_child_kept_in_care_past_18(social_worker, client):
    # Looked after from 1 May 2024, 18 on 10 June 2025 (in the year 2025/26), care never
    # ended on the record.
    kept = register(
        social_worker, date(2024, 5, 1), date_of_birth=date(2007, 6, 10), la_reference="K1"
    )
    ended = register(
        social_worker,
        date(2024, 5, 1),
        date_of_birth=date(2007, 6, 10),
        la_reference="E1",
        first_name="Eli",
    )
    services.period_of_care_end(
        child=ended, end_date=date(2025, 6, 10), reason="E17", by=social_worker
    )
    rows = build_return(year=2026)
    assert [r["CHILD"] for r in rows[tables.HEADER]] == ["E1"]
    assert [(r["CHILD"], r["DEC"], r["REC"]) for r in rows[tables.EPISODES]] == [
        ("E1", "10/06/2025", "E17")
    ]
    assert [(c.la_reference, d) for c, d in children_looked_after_past_eighteen(year=2026)] == [
        ("K1", date(2025, 6, 10))
    ]
    # In the 2025 return (to 31 March 2025) the child was 17 and rightly in care.
    assert [r["CHILD"] for r in build_return(year=2025)[tables.HEADER]] == ["E1", "K1"]
    assert children_looked_after_past_eighteen(year=2025) == []
    # The child's page says care is to be ended on the birthday.
    client.force_login(social_worker)
    page = client.get(reverse("children:detail", args=[kept.pk])).content.decode()
    assert 'data-testid="care-past-18"' in page
    assert "turned 18 on 10 June 2025" in page
    page = client.get(reverse("children:detail", args=[ended.pk])).content.decode()
    assert 'data-testid="care-past-18"' not in page
