"""SSDA903 episodes derived from hand-worked care histories (dates checked by hand)."""

from datetime import date

import pytest

from children import services
from children.episodes import episodes_for_child, governing_status
from children.services import Entry
from tests.children.builders import legal, move, placement, register

pytestmark = pytest.mark.django_db


def rows(child):
    return [
        (
            e.decom.strftime("%d/%m/%Y"),
            e.rne,
            e.ls,
            e.place,
            e.dec.strftime("%d/%m/%Y") if e.dec else "",
            e.rec,
            e.reason_place_change,
        )
        for e in episodes_for_child(child)
    ]


def test_every_reason_for_a_new_episode(social_worker):
    # Accommodated under s20 with the Smiths on Monday 8 January 2024.
    child = register(social_worker, date(2024, 1, 8), legal_status="V2", place="U6")
    # Interim care order on 12 February: legal status only -> L.
    legal(child, social_worker, date(2024, 2, 12), "C1")
    # Allegation against the Smiths; moves to the Joneses on 4 March -> P.
    move(child, social_worker, date(2024, 3, 4), "U6", "Jones", reason="ALLEG")
    # The Joneses' placement becomes long-term fostering on 3 June: same carer -> T.
    move(child, social_worker, date(2024, 6, 3), "U4", "Jones", reason="PLACE", same=True)
    # Full care order and a move to the Patels on 2 September, same day -> B.
    legal(child, social_worker, date(2024, 9, 2), "C2")
    move(child, social_worker, date(2024, 9, 2), "U4", "Patel", reason="CARPL")
    # Placement order granted (the care order continues) and the Patels become
    # prospective adopters on 2 December: same carer -> U, and E1 governs.
    legal(child, social_worker, date(2024, 12, 2), "E1", replace=False)
    move(child, social_worker, date(2024, 12, 2), "A5", "Patel", reason="CARPL", same=True)
    # Adopted on 2 June 2025.
    services.period_of_care_end(
        child=child, end_date=date(2025, 6, 2), reason="E11", by=social_worker
    )

    assert rows(child) == [
        ("08/01/2024", "S", "V2", "U6", "12/02/2024", "X1", ""),
        ("12/02/2024", "L", "C1", "U6", "04/03/2024", "X1", "ALLEG"),
        ("04/03/2024", "P", "C1", "U6", "03/06/2024", "X1", "PLACE"),
        ("03/06/2024", "T", "C1", "U4", "02/09/2024", "X1", "CARPL"),
        ("02/09/2024", "B", "C2", "U4", "02/12/2024", "X1", "CARPL"),
        ("02/12/2024", "U", "E1", "A5", "02/06/2025", "E11", ""),
    ]


def test_two_orders_at_once_and_the_placement_order_revoked(social_worker):
    child = register(social_worker, date(2023, 5, 15), legal_status="C2", place="U4")
    placement_order = legal(child, social_worker, date(2023, 11, 20), "E1", replace=False)
    assert sorted(s.code for s in child.legal_statuses.filter(end_date__isnull=True)) == [
        "C2",
        "E1",
    ]
    # The placement order is revoked on 6 May 2024; the care order stands.
    services.legal_status_end(status=placement_order, end_date=date(2024, 5, 6), by=social_worker)
    assert rows(child) == [
        ("15/05/2023", "S", "C2", "U4", "20/11/2023", "X1", ""),
        ("20/11/2023", "L", "E1", "U4", "06/05/2024", "X1", ""),
        ("06/05/2024", "L", "C2", "U4", "", "", ""),
    ]


def test_second_period_of_care_starts_with_s_again(social_worker):
    child = register(social_worker, date(2022, 1, 10), legal_status="V2", place="U6")
    services.period_of_care_end(
        child=child, end_date=date(2022, 5, 1), reason="E4A", by=social_worker
    )
    services.period_of_care_start(
        child=child,
        entry=Entry(
            start_date=date(2023, 3, 1),
            category_of_need="N4",
            legal_status="C1",
            previous_permanence="Z1",
            placement=placement(date(2023, 3, 1), "K2", "Oak House", provider="PR4"),
        ),
        by=social_worker,
    )
    assert rows(child) == [
        ("10/01/2022", "S", "V2", "U6", "01/05/2022", "E4A", ""),
        ("01/03/2023", "S", "C1", "K2", "", "", ""),
    ]
    second = episodes_for_child(child)[1]
    assert (second.cin, second.place_provider) == ("N4", "PR4")


def test_history_corrected_after_the_fact_changes_the_episodes(social_worker):
    child = register(social_worker, date(2024, 4, 1), legal_status="V2", place="U6")
    move(child, social_worker, date(2024, 7, 1), "U6", "Jones")
    assert [r[1] for r in rows(child)] == ["S", "P"]
    # The worker corrects the record: the second placement was with the same carers.
    latest = child.placements.get(end_date__isnull=True)
    latest.same_carer_as_previous = True
    latest.save()
    assert [r[1] for r in rows(child)] == ["S", "T"]


def test_episode_carries_postcodes_urn_and_provider(social_worker):
    child = register(social_worker, date(2024, 4, 1), legal_status="V2", place="U6")
    move(
        child,
        social_worker,
        date(2024, 7, 1),
        "K2",
        "Oak House",
        provider="PR4",
        urn="SC123456",
        postcode="wv1 1aa",
    )
    last = episodes_for_child(child)[-1]
    assert (last.pl_post, last.home_post, last.urn, last.place_provider) == (
        "WV1 1AA",
        "B2 4QA",
        "SC123456",
        "PR4",
    )


def test_governing_status_prefers_placement_order_over_care_order():
    assert governing_status(["C2", "E1"]) == "E1"
    assert governing_status(["C1", "C2"]) == "C2"
    assert governing_status([]) == ""
