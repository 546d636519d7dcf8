"""An agreed series of short breaks (Care Planning, Placement and Case Review (England)
Regulations 2010, reg 48; SSDA903 LS V3/V4) recorded through the services: one plan with
its breaks, its own reviews and visits, none of the full-care duties, and the full
regime from the day full care starts. Dates worked by hand: each working day after
day 0 is numbered."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from casework.services import visit_record
from children import services
from children.models import Child, PeriodOfCare, ShortBreakSeries
from children.services import ShortBreak
from core.exceptions import ApplicationError
from deadlines.models import Deadline
from deadlines.services import recompute
from reporting.ssda903 import tables
from reporting.ssda903.export import build_return
from reporting.ssda903.importer import import_return
from reviews.services import iro_allocate, review_record
from tests.children.builders import legal
from tests.factories import UserFactory, allocator
from tests.reporting.test_import_ssda903 import episode, header, write

pytestmark = pytest.mark.django_db


def child_on_short_breaks(by, **overrides) -> Child:
    """Sam, born 1 June 2015, on a series of short breaks agreed from 1 September 2025,
    at Oak Lodge one weekend a month; no period of care yet."""
    child = Child.objects.create(
        la_reference=overrides.pop("la_reference", "SB1"),
        first_name="Sam",
        last_name="Fernleigh",
        date_of_birth=date(2015, 6, 1),
    )
    services.short_breaks_start(
        child=child,
        start_date=date(2025, 9, 1),
        carer="Oak Lodge",
        pattern="One weekend a month",
        by=by,
    )
    return child


def a_break(series, by, start: date, end: date | None, code="V3"):
    return services.short_break_record(
        series=series,
        details=ShortBreak(
            start_date=start,
            end_date=end,
            reason_ended="E4A" if end else "",
            legal_status=code,
            category_of_need="N4",
            placement_type="K2",
            provider="PR1",
        ),
        by=by,
    )


def deadlines(child) -> list[tuple[str, str, date, date | None]]:
    return sorted(
        Deadline.objects.filter(child=child).values_list("rule", "key", "due_date", "met_on")
    )


WEEKENDS = [
    (date(2025, 9, 5), date(2025, 9, 7)),
    (date(2025, 10, 3), date(2025, 10, 5)),
    (date(2025, 11, 7), date(2025, 11, 9)),
    (date(2025, 12, 5), date(2025, 12, 7)),
    (date(2026, 1, 9), date(2026, 1, 11)),
    (date(2026, 2, 6), date(2026, 2, 8)),
    (date(2026, 3, 6), date(2026, 3, 8)),
    (date(2026, 4, 10), date(2026, 4, 12)),
    (date(2026, 5, 8), date(2026, 5, 10)),
    (date(2026, 6, 5), date(2026, 6, 7)),
    (date(2026, 7, 10), date(2026, 7, 12)),
]


def test_a_series_across_a_year_has_its_own_reviews_and_visits_and_nothing_else(
    social_worker,
):
    iro = UserFactory.create(username="iro.sb", role=Role.IRO)
    child = child_on_short_breaks(social_worker)
    series = child.short_break_series.get()
    for start, end in WEEKENDS:
        a_break(series, social_worker, start, end)
    # The August break is going on on the day the deadlines are worked out.
    a_break(series, social_worker, date(2026, 8, 28), None)
    assert series.breaks.count() == 12
    # The IRO stays allocated from break to break.
    iro_allocate(child=child, iro=iro, start_date=date(2025, 9, 5), by=allocator("iro"))
    # Reviews on Monday 1 December 2025 (between breaks) and Thursday 28 May 2026.
    first = review_record(child=child, held_on=date(2025, 12, 1), participation="PN1", by=iro)
    review_record(child=child, held_on=date(2026, 5, 28), participation="PN1", by=iro)
    # Visits on the Saturday of the December break and the Saturday of the June break.
    for day in (date(2025, 12, 6), date(2026, 6, 6)):
        visit_record(
            child=child,
            visit_date=day,
            seen_alone=True,
            bedroom_seen=True,
            visited_by=social_worker,
            by=social_worker,
        )
    recompute(child_ids=[child.pk], today=date(2026, 9, 1))
    sid = series.pk
    assert deadlines(child) == [
        # The IRO by Tuesday 9 September 2025 (2 working days after Friday 5 September),
        # allocated on the 5th.
        ("short_break_iro", f"shortbreaks:{sid}", date(2025, 9, 9), date(2025, 9, 5)),
        # First review within 3 months of the first break (5 September 2025): 5 December;
        # then 6 months after each.
        ("short_break_review", f"shortbreaks:{sid}:review:1", date(2025, 12, 5), date(2025, 12, 1)),
        ("short_break_review", f"shortbreaks:{sid}:review:2", date(2026, 6, 1), date(2026, 5, 28)),
        ("short_break_review", f"shortbreaks:{sid}:review:3", date(2026, 11, 28), None),
        # First visit by 5 December 2025, made on the 6th; then by 6 June 2026, met that day.
        ("short_break_visit", f"shortbreaks:{sid}:visit:1", date(2025, 12, 5), date(2025, 12, 6)),
        ("short_break_visit", f"shortbreaks:{sid}:visit:2", date(2026, 6, 6), date(2026, 6, 6)),
        ("short_break_visit", f"shortbreaks:{sid}:visit:3", date(2026, 12, 6), None),
    ]
    # The review between breaks belongs to the November break.
    assert first.period.start_date == date(2025, 11, 7)
    assert child.allocations.get(kind="iro").end_date is None
    # The return: each break its own V3 episode; no Reviews rows (DfE rule 399).
    rows = build_return(year=2026)
    assert [(r["DECOM"], r["LS"], r["DEC"]) for r in rows[tables.EPISODES]][:2] == [
        ("05/09/2025", "V3", "07/09/2025"),
        ("03/10/2025", "V3", "05/10/2025"),
    ]
    assert len(rows[tables.EPISODES]) == 7  # a break a month, September 2025 to March 2026
    assert rows[tables.REVIEWS] == []


def test_coming_into_full_care_during_a_break_starts_the_full_regime(social_worker):
    child = child_on_short_breaks(social_worker)
    series = child.short_break_series.get()
    a_break(series, social_worker, date(2025, 9, 5), date(2025, 9, 7))
    a_break(series, social_worker, date(2025, 10, 3), None)
    # An interim care order on Monday 6 October 2025, during the October break.
    legal(child, social_worker, date(2025, 10, 6), "C1")
    series.refresh_from_db()
    assert series.end_date == date(2025, 10, 6)
    recompute(child_ids=[child.pk], today=date(2025, 10, 7))
    due = {(rule, key.split(":review")[0]): d for rule, key, d, _ in deadlines(child)}
    # Full care from 6 October: 7(1) 8 9 10 13(5) 14 15 16 17 20(10) 21 22 23 24 27(15)
    # 28 29 30 31 3 November (20): the first review and the IHA by 3 November 2025.
    period = child.periods_of_care.get(end_date__isnull=True)
    assert due[("cic_review", f"period:{period.pk}")] == date(2025, 11, 3)
    assert due[("iha", f"period:{period.pk}")] == date(2025, 11, 3)
    # The series ended before its first review and visit fell due (5 December): none;
    # its IRO was due by Tuesday 9 September, while it ran, and stays due.
    assert [r for r, _ in due if r.startswith("short_break")] == ["short_break_iro"]


def test_a_new_period_of_full_care_ends_the_series(social_worker):
    child = child_on_short_breaks(social_worker)
    series = child.short_break_series.get()
    a_break(series, social_worker, date(2025, 9, 5), date(2025, 9, 7))
    period = services.period_of_care_start(
        child=child,
        entry=services.Entry(
            start_date=date(2025, 10, 10),
            category_of_need="N1",
            legal_status="V2",
            placement=services.PlacementDetails(
                placement_type="U6", provider="PR1", start_date=date(2025, 10, 10)
            ),
        ),
        by=social_worker,
    )
    series.refresh_from_db()
    assert series.end_date == date(2025, 10, 10)
    assert period.short_break_series is None
    recompute(child_ids=[child.pk], today=date(2025, 10, 10))
    # From Friday 10 October 2025: 13(1) ... 17(5) 20 ... 24(10) 27 ... 31(15) 3 Nov(16)
    # 4 5 6 7 November (20).
    assert Deadline.objects.get(child=child, rule="cic_review").due_date == date(2025, 11, 7)


def test_the_series_rules_a_practitioner_would_check(social_worker):
    child = child_on_short_breaks(social_worker)
    series = child.short_break_series.get()
    with pytest.raises(ApplicationError) as refused:
        services.short_breaks_start(child=child, start_date=date(2025, 10, 1), by=social_worker)
    assert "already has a current series" in str(refused.value)
    with pytest.raises(ApplicationError) as refused:
        a_break(series, social_worker, date(2025, 8, 29), date(2025, 8, 31))
    assert refused.value.field == "start_date"
    a_break(series, social_worker, date(2025, 9, 5), None)
    with pytest.raises(ApplicationError) as refused:
        services.short_breaks_end(series=series, end_date=date(2025, 9, 6), by=social_worker)
    assert "going on now" in str(refused.value)
    services.period_of_care_end(
        child=child, end_date=date(2025, 9, 7), reason="E4A", by=social_worker
    )
    with pytest.raises(ApplicationError):
        services.short_breaks_end(series=series, end_date=date(2025, 9, 6), by=social_worker)
    services.short_breaks_end(series=series, end_date=date(2025, 9, 30), by=social_worker)
    assert series.history.count() == 2  # started, ended
    with pytest.raises(ApplicationError):
        a_break(series, social_worker, date(2025, 10, 3), None)


def test_an_imported_v3_child_is_on_a_series_and_gets_its_deadlines(tmp_path, social_worker):
    # Three weekend breaks from Friday 4 July 2025, then full care from 10 October 2025.
    breaks = [
        episode(decom="04/07/2025", LS="V3", DEC="06/07/2025", REC="E4A"),
        episode(decom="01/08/2025", LS="V3", DEC="03/08/2025", REC="E4A"),
        episode(decom="05/09/2025", LS="V3", DEC="07/09/2025", REC="E4A"),
    ]
    write(tmp_path / "a", tables.HEADER, [header()])
    write(tmp_path / "a", tables.EPISODES, breaks)
    result = import_return(directory=tmp_path / "a", by=social_worker)
    assert not result.rejected
    child = Child.objects.get(la_reference="K1")
    series = child.short_break_series.get()
    assert (series.start_date, series.end_date) == (date(2025, 7, 4), None)
    assert series.breaks.count() == 3
    recompute(child_ids=[child.pk], today=date(2025, 10, 1))
    # First review and visit within 3 months of the first break: 4 October 2025; the
    # IRO 2 working days after Friday 4 July: Mon 7 (1), Tue 8 July 2025 (2).
    assert deadlines(child) == [
        ("short_break_iro", f"shortbreaks:{series.pk}", date(2025, 7, 8), None),
        ("short_break_review", f"shortbreaks:{series.pk}:review:1", date(2025, 10, 4), None),
        ("short_break_visit", f"shortbreaks:{series.pk}:visit:1", date(2025, 10, 4), None),
    ]
    # Exported again, each break is its own V3 episode.
    assert [
        (r["DECOM"], r["LS"], r["DEC"], r["REC"]) for r in build_return(year=2026)[tables.EPISODES]
    ] == [(b["DECOM"], "V3", b["DEC"], "E4A") for b in breaks]


def test_an_imported_run_of_breaks_followed_by_full_care_is_one_ended_series(
    tmp_path, social_worker
):
    rows = [
        episode(decom="04/07/2025", LS="V3", DEC="06/07/2025", REC="E4A"),
        episode(decom="01/08/2025", LS="V4", DEC="03/08/2025", REC="E4A"),
        episode(decom="10/10/2025", LS="C2"),
    ]
    write(tmp_path, tables.HEADER, [header()])
    write(tmp_path, tables.EPISODES, rows)
    import_return(directory=tmp_path, by=social_worker)
    child = Child.objects.get(la_reference="K1")
    series = child.short_break_series.get()
    assert (series.start_date, series.end_date) == (date(2025, 7, 4), date(2025, 10, 10))
    assert PeriodOfCare.objects.filter(child=child, short_break_series=series).count() == 2
    assert ShortBreakSeries.objects.count() == 1


def test_the_childs_page_shows_the_series_and_the_forms_record_it(client, social_worker):
    child = Child.objects.create(
        la_reference="SB2", first_name="Kit", last_name="Ashgrove", date_of_birth=date(2016, 1, 1)
    )
    from children.models import Allocation

    Allocation.objects.create(
        child=child, kind="social_worker", worker=social_worker, start_date=date(2025, 1, 1)
    )
    client.force_login(social_worker)
    start_url = reverse("children:short_breaks_start", args=[child.pk])
    # A bad date: the error summary, nothing written.
    response = client.post(
        start_url, {"start_date_0": "31", "start_date_1": "2", "start_date_2": "2025"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ShortBreakSeries.objects.exists()
    response = client.post(
        start_url,
        {
            "start_date_0": "1",
            "start_date_1": "9",
            "start_date_2": "2025",
            "carer": "Oak Lodge",
            "pattern": "One weekend a month",
        },
    )
    assert response.status_code == 302
    series = child.short_break_series.get()
    break_url = reverse("children:short_break_record", args=[child.pk])
    response = client.post(
        break_url,
        {
            "start_date_0": "5",
            "start_date_1": "9",
            "start_date_2": "2025",
            "end_date_0": "7",
            "end_date_1": "9",
            "end_date_2": "2025",
            "legal_status": "V3",
            "category_of_need": "N4",
            "placement_type": "K2",
            "provider": "PR1",
        },
    )
    # An ended break needs the reason it ended.
    assert response.status_code == 200
    assert "Select why the break ended" in response.content.decode()
    response = client.post(
        break_url,
        {
            "start_date_0": "5",
            "start_date_1": "9",
            "start_date_2": "2025",
            "end_date_0": "7",
            "end_date_1": "9",
            "end_date_2": "2025",
            "reason_ended": "E4A",
            "legal_status": "V3",
            "category_of_need": "N4",
            "placement_type": "K2",
            "provider": "PR1",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Short breaks" in page and "Oak Lodge" in page and "One weekend a month" in page
    assert "5 September 2025" in page
    end_url = reverse("children:short_breaks_end", args=[child.pk])
    response = client.post(end_url, {"end_date_0": "30", "end_date_1": "9", "end_date_2": "2025"})
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.end_date == date(2025, 9, 30)


def test_on_a_break_the_page_gives_no_reg_28_visit_timescale(social_worker):
    from casework.selectors import visit_due_for_child

    child = child_on_short_breaks(social_worker)
    a_break(child.short_break_series.get(), social_worker, date(2025, 9, 5), None)
    due = visit_due_for_child(child=child, visits=[])
    assert due.due_date is None
    assert "reg 48" in due.reason_text
