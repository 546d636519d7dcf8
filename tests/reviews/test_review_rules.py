"""The IRO service's deadline rules, with the dates worked out by hand.

Working days are counted from day 0 (the event date), with weekends and England's
bank holidays passed over: [brackets] mark the days skipped.
"""

from datetime import date

from deadlines.calendar import WorkingCalendar
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from reviews.deadline_rules import BookingFact, MidwayFact, ReviewFact, ReviewOutputFact

TODAY = date(2025, 12, 1)


def run(code: str, facts: ChildFacts, settings: RuleSettings | None = None) -> list[Due]:
    ctx = RuleContext(TODAY, WorkingCalendar(), settings or RuleSettings())
    return list(REGISTRY[code].function(facts, ctx))


def looked_after(**kwargs) -> ChildFacts:
    return ChildFacts(
        child_id=1,
        date_of_birth=date(2012, 5, 1),
        period_id=7,
        period_start=date(2024, 3, 1),
        **kwargs,
    )


def test_the_iro_service_rules_are_registered_with_who_does_them():
    assert REGISTRY["review_invitations"].responsible == "business_support"
    assert REGISTRY["review_report"].responsible == "social_worker"
    assert REGISTRY["review_recommendations"].responsible == "iro"
    assert REGISTRY["review_minutes"].responsible == "iro"
    assert REGISTRY["midway_review"].responsible == "iro"


def test_invitations_10_working_days_before_a_review_on_monday_5_january_2026():
    # Counting back from Monday 5 January 2026: Fri 2 Jan (1), [Thu 1 Jan New Year's Day],
    # Wed 31 Dec (2), Tue 30 (3), Mon 29 (4), [Sun 28, Sat 27, Fri 26 Boxing Day,
    # Thu 25 Christmas Day], Wed 24 (5), Tue 23 (6), Mon 22 (7), [21, 20], Fri 19 (8),
    # Thu 18 (9), Wed 17 December 2025 (10).
    booking = BookingFact(3, date(2026, 1, 5), "booked")
    [due] = run("review_invitations", looked_after(review_bookings=[booking]))
    assert due.key == "booking:3"
    assert due.due_date == date(2025, 12, 17)
    assert due.met_on is None
    assert "10 working days before the review booked for 5 January 2026" in due.explanation


def test_the_report_3_working_days_before_and_met_when_received():
    # Fri 2 Jan (1), [Thu 1 Jan], Wed 31 Dec (2), Tue 30 December 2025 (3).
    booking = BookingFact(3, date(2026, 1, 5), "booked", report_received_on=date(2026, 1, 2))
    [due] = run("review_report", looked_after(review_bookings=[booking]))
    assert (due.due_date, due.met_on, due.met_by) == (
        date(2025, 12, 30),
        date(2026, 1, 2),
        "reviews.reviewbooking:3",
    )


def test_invitations_sent_on_time_meet_the_deadline_and_the_setting_counts():
    booking = BookingFact(4, date(2026, 1, 5), "booked", invitations_sent_on=date(2025, 12, 15))
    [due] = run("review_invitations", looked_after(review_bookings=[booking]))
    assert due.met_on == date(2025, 12, 15)
    assert due.met_on <= due.due_date
    # A council giving 15 working days: back from Wed 17 Dec (10), Tue 16 (11), Mon 15 (12),
    # [14, 13], Fri 12 (13), Thu 11 (14), Wed 10 December 2025 (15).
    [due] = run(
        "review_invitations",
        looked_after(review_bookings=[booking]),
        RuleSettings(REVIEW_INVITATIONS_WORKING_DAYS=15),
    )
    assert due.due_date == date(2025, 12, 10)


def test_a_cancelled_booking_has_no_papers_due_and_a_held_one_only_if_they_were_done():
    cancelled = BookingFact(5, date(2026, 1, 5), "cancelled")
    held_without = BookingFact(6, date(2025, 11, 3), "held")
    held_with = BookingFact(7, date(2025, 6, 2), "held", invitations_sent_on=date(2025, 5, 12))
    facts = looked_after(review_bookings=[held_with, held_without, cancelled])
    assert [d.key for d in run("review_invitations", facts)] == ["booking:7"]
    assert run("review_report", facts) == []
    # Not looked after: no papers.
    facts.period_start = None
    assert run("review_invitations", facts) == []


def test_recommendations_and_minutes_after_a_review_on_friday_19_december_2025():
    # Recommendations: Mon 22 (1), Tue 23 (2), Wed 24 (3), [Thu 25 Christmas, Fri 26
    # Boxing Day, Sat 27, Sun 28], Mon 29 (4), Tue 30 December 2025 (5).
    # Minutes go on: Wed 31 (6), [Thu 1 Jan], Fri 2 (7), Mon 5 (8) ... Fri 9 (12),
    # Mon 12 (13) ... Fri 16 (17), Mon 19 (18), Tue 20 (19), Wed 21 January 2026 (20).
    review = ReviewOutputFact(9, date(2025, 12, 19), recommendations_issued_on=date(2025, 12, 31))
    [recommendations] = run("review_recommendations", looked_after(review_outputs=[review]))
    [minutes] = run("review_minutes", looked_after(review_outputs=[review]))
    assert recommendations.key == minutes.key == "review:9"
    assert recommendations.due_date == date(2025, 12, 30)
    # Issued on 31 December: a day late.
    assert recommendations.met_on == date(2025, 12, 31)
    assert recommendations.met_by == "reviews.review:9"
    assert minutes.due_date == date(2026, 1, 21)
    assert minutes.met_on is None
    assert "20 working days after the review on 19 December 2025" in minutes.explanation


def test_a_midway_review_3_months_after_the_second_and_later_reviews():
    reviews = [
        ReviewFact(1, date(2024, 3, 20)),
        # Second review: the next is 6 months on, so a midway review by 29 September
        # 2024; one was held on 1 October.
        ReviewFact(2, date(2024, 6, 29)),
        # Third: the IRO directed an earlier next review, so no midway review.
        ReviewFact(3, date(2024, 12, 20), next_review_directed_by=date(2025, 2, 1)),
        # Fourth: a direction later than the 6-month limit (31 July) changes nothing, so a
        # midway review is due on 30 April 2025; held that day.
        ReviewFact(4, date(2025, 1, 31), next_review_directed_by=date(2025, 9, 1)),
        # Fifth: no midway review before the sixth was held: due 25 October 2025, missed.
        ReviewFact(5, date(2025, 7, 25)),
        # Sixth, held 31 August 2025: 3 months on is 30 November (no 31st).
        ReviewFact(6, date(2025, 8, 31)),
    ]
    midway = [MidwayFact(11, 2, date(2024, 10, 1)), MidwayFact(12, 4, date(2025, 4, 30))]
    dues = run("midway_review", looked_after(reviews=reviews, midway_reviews=midway))
    assert [(d.key, d.due_date, d.met_on, d.missed) for d in dues] == [
        ("review:2", date(2024, 9, 29), date(2024, 10, 1), False),
        ("review:4", date(2025, 4, 30), date(2025, 4, 30), False),
        ("review:5", date(2025, 10, 25), None, True),
        ("review:6", date(2025, 11, 30), None, False),
    ]
    assert dues[0].met_by == "reviews.midwayreview:11"
    assert dues[2].explanation == (
        "Midway review by 25 October 2025: 3 months after the review on 25 July 2025; "
        "missed: the next review was held on 31 August 2025 without one"
    )


def test_a_midway_review_held_late_after_the_next_review_is_met_late_not_missed():
    # Second review 10 January 2025: midway due 10 April; the third review was held on
    # 1 July 2025 and the midway review against the second recorded on 2 July.
    reviews = [
        ReviewFact(1, date(2024, 3, 20)),
        ReviewFact(2, date(2025, 1, 10)),
        ReviewFact(3, date(2025, 7, 1)),
    ]
    midway = [MidwayFact(11, 2, date(2025, 7, 2))]
    first = run("midway_review", looked_after(reviews=reviews, midway_reviews=midway))[0]
    assert (first.key, first.due_date, first.met_on, first.missed) == (
        "review:2",
        date(2025, 4, 10),
        date(2025, 7, 2),
        False,
    )


def test_a_midway_review_after_a_review_held_on_30_november_is_due_on_28_february():
    # 3 calendar months after 30 November 2025 is 28 February 2026 (not a leap year);
    # after 30 November 2027 it is 29 February 2028.
    for held, due in (
        (date(2025, 11, 30), date(2026, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
    ):
        reviews = [ReviewFact(1, date(held.year, 6, 1)), ReviewFact(2, held)]
        [midway] = run("midway_review", looked_after(reviews=reviews))
        assert midway.due_date == due
