"""The child's chronology: every kind of event, in order, filtered, on the page and in a PDF."""

import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from casework import services as casework
from casework.chronology import SOURCES, EventKind, chronology_for
from children import services
from children.models import AllocationKind
from euss.models import EussStatus
from euss.services import EussDetails, euss_record_save
from tests.children.builders import legal, move, register
from tests.factories import UserFactory, allocator
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(social_worker, teammate):
    """A child with every kind of event in the chronology."""
    c = register(
        social_worker,
        date(2023, 1, 10),
        legal_status="V2",
        first_name="Robin",
        nationalities=["PL"],
    )
    move(c, social_worker, date(2023, 3, 1), "U4", "Jones")
    legal(c, social_worker, date(2023, 4, 3), "C2")
    services.allocation_change(
        child=c,
        kind=AllocationKind.SOCIAL_WORKER,
        worker=teammate,
        start_date=date(2023, 5, 2),
        reason="MANAGE",
        by=allocator(AllocationKind.SOCIAL_WORKER),
    )
    services.permanence_plan_set(
        child=c, plan="long_term_fostering", start_date=date(2023, 6, 5), by=social_worker
    )
    casework.care_plan_record(child=c, agreed_date=date(2023, 1, 20), by=social_worker)
    casework.visit_record(
        child=c,
        visit_date=date(2023, 3, 7),
        seen_alone=True,
        bedroom_seen=True,
        visited_by=social_worker,
        by=social_worker,
    )
    casework.missing_episode_record(
        child=c,
        kind="M",
        start_date=date(2023, 7, 1),
        end_date=date(2023, 7, 3),
        where_found="Bus station",
        by=social_worker,
    )
    casework.case_note_write(
        child=c,
        note_type="phone_call",
        event_date=date(2023, 7, 3),
        subject="Call with the police",
        text="Robin was found at the bus station.",
        by=social_worker,
    )
    euss_record_save(
        child=c,
        details=EussDetails(
            status=EussStatus.PRE_SETTLED,
            identified_date=date(2023, 1, 20),
            coa_date=date(2023, 2, 1),
            pre_settled_date=date(2023, 8, 1),
        ),
        by=social_worker,
    )
    services.period_of_care_end(child=c, end_date=date(2023, 9, 1), reason="E4A", by=social_worker)
    return c


def test_every_kind_of_event_in_date_order(child):
    events = chronology_for(child)
    assert {e.kind for e in events} == set(EventKind.LABELS)
    assert [e.date for e in events] == sorted(e.date for e in events)
    rows = [(e.date, e.kind) for e in events]
    # On the day the child came into care: entry, then legal status, placement, allocations.
    assert rows[:5] == [
        (date(2023, 1, 10), EventKind.ENTRY),
        (date(2023, 1, 10), EventKind.LEGAL_STATUS),
        (date(2023, 1, 10), EventKind.PLACEMENT),
        (date(2023, 1, 10), EventKind.ALLOCATION),
        (date(2023, 1, 10), EventKind.ALLOCATION),
    ]
    # The return and the case note of the same day: the return first.
    assert rows.index((date(2023, 7, 3), EventKind.RETURN)) < rows.index(
        (date(2023, 7, 3), EventKind.CASE_NOTE)
    )
    assert rows[-1] == (date(2023, 9, 1), EventKind.LEFT_CARE)
    titles = [e.title for e in events]
    assert "Returned: Bus station" in titles
    assert "Pre-settled status granted" in titles
    assert any(t.startswith("Phone call: Call with the police") for t in titles)
    note = child.case_notes.get()
    assert any(e.link.endswith(f"#note-{note.pk}") for e in events)


def test_a_filter_keeps_only_the_kinds_chosen(child):
    events = chronology_for(child, kinds={EventKind.MISSING, EventKind.RETURN})
    assert [(e.date, e.kind) for e in events] == [
        (date(2023, 7, 1), EventKind.MISSING),
        (date(2023, 7, 3), EventKind.RETURN),
    ]


def test_every_source_is_registered_once():
    names = [s.name for s in SOURCES]
    assert len(names) == len(set(names))


def test_the_number_of_queries_does_not_grow_with_the_events(child, social_worker):
    with count_queries() as small:
        before = len(chronology_for(child))
    for day in range(1, 21):
        casework.case_note_write(
            child=child,
            note_type="meeting",
            event_date=date(2023, 8, day),
            subject=f"Meeting {day}",
            text="Notes of the meeting.",
            by=social_worker,
        )
        casework.visit_record(
            child=child,
            visit_date=date(2023, 8, day),
            seen_alone=False,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
    with count_queries() as large:
        after = len(chronology_for(child))
    assert after == before + 40
    assert large.count == small.count
    # The child, then one query for each source's prefetch.
    assert small.count == 1 + len([lookup for s in SOURCES for lookup in s.prefetch])


def test_the_page_shows_and_filters_the_events(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("casework:chronology", args=[child.pk])
    body = client.get(url).content.decode()
    assert "Showing: All events" in body
    assert "Call with the police" in body
    table = body.split('id="chronology"')[1]
    assert table.index("Started to be looked after") < table.index("Left care")
    body = client.get(url, {"kind": ["case_note", "nonsense"]}).content.decode()
    assert "Showing: Case note (1 event)" in body
    assert "Left care" not in body.split('id="chronology"')[1]
    assert f"{reverse('casework:chronology_pdf', args=[child.pk])}?kind=case_note" in body
    assert child.record_views.filter(path=url).count() == 2


def test_an_outsider_gets_not_found(client, child, outsider):
    client.force_login(outsider)
    assert client.get(reverse("casework:chronology", args=[child.pk])).status_code == 404
    assert client.get(reverse("casework:chronology_pdf", args=[child.pk])).status_code == 404


def test_an_iro_manager_sees_the_chronology(client, child):
    client.force_login(UserFactory(username="iro.m", role=Role.IRO_MANAGER))
    assert client.get(reverse("casework:chronology", args=[child.pk])).status_code == 200


def test_the_pdf_renders_with_the_childs_name(client, child, social_worker, tmp_path):
    client.force_login(social_worker)
    url = reverse("casework:chronology_pdf", args=[child.pk])
    response = client.get(url, {"kind": ["missing", "return"]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert child.record_views.filter(path=url).exists()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:  # poppler-utils not installed
        return
    pdf = tmp_path / "chronology.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert child.full_name in text
    assert child.la_reference in text
    assert "Missing, Return from missing" in text
    assert "Returned: Bus station" in text
    assert "Call with the police" not in text
    assert "Page 1 of 1" in text
