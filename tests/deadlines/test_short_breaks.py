"""Short breaks (Care Planning, Placement and Case Review (England) Regulations 2010,
reg 48): the series' own reviews and visits, with dates worked out by hand. Months are
calendar months: 3 months after 5 September is 5 December; 3 months after 30 November
2025 is 28 February 2026 (not a leap year)."""

from datetime import date

from deadlines.calendar import WorkingCalendar
from deadlines.facts import AllocationFact, RecordDate, ShortBreakPlanFact
from deadlines.rules import REGISTRY, ChildFacts, Due, RuleContext, RuleSettings
from reviews.deadline_rules import ReviewFact


def run(code: str, facts: ChildFacts, today: date = date(2026, 9, 1)) -> list[Due]:
    ctx = RuleContext(today, WorkingCalendar(), RuleSettings())
    return list(REGISTRY[code].function(facts, ctx))


def on_short_breaks(plan: ShortBreakPlanFact, **facts) -> ChildFacts:
    """A child on the series `plan`, with the records kept against it: the series'
    reviews (`short_break_reviews`) and the visits (`short_break_visits`) by series id."""
    return ChildFacts(child_id=1, date_of_birth=date(2015, 6, 1), short_break_plans=[plan], **facts)


def monthly_breaks() -> list[AllocationFact]:
    """A weekend a month from Friday 5 September 2025: Friday to Sunday."""
    starts = [
        date(2025, 9, 5),
        date(2025, 10, 3),
        date(2025, 11, 7),
        date(2025, 12, 5),
        date(2026, 1, 9),
        date(2026, 2, 6),
        date(2026, 3, 6),
        date(2026, 4, 10),
        date(2026, 5, 8),
        date(2026, 6, 5),
        date(2026, 7, 10),
    ]
    return [AllocationFact(n, s, date(s.year, s.month, s.day + 2)) for n, s in enumerate(starts)]


def test_reviews_of_a_series_across_a_year():
    plan = ShortBreakPlanFact(
        7,
        date(2025, 9, 1),
        None,
        breaks=monthly_breaks(),
    )
    # Held on 1 December 2025 (between breaks) and 28 May 2026.
    held = [ReviewFact(1, date(2025, 12, 1)), ReviewFact(2, date(2026, 5, 28))]
    due = run("short_break_review", on_short_breaks(plan, short_break_reviews={7: held}))
    assert [(d.key, d.due_date, d.met_on) for d in due] == [
        # 3 months after the first break on 5 September 2025.
        ("shortbreaks:7:review:1", date(2025, 12, 5), date(2025, 12, 1)),
        # 6 months after the review on 1 December 2025.
        ("shortbreaks:7:review:2", date(2026, 6, 1), date(2026, 5, 28)),
        # 6 months after 28 May 2026.
        ("shortbreaks:7:review:3", date(2026, 11, 28), None),
    ]
    assert "reg 48" in due[0].explanation


def test_visits_count_only_on_days_of_a_break():
    plan = ShortBreakPlanFact(
        7,
        date(2025, 9, 1),
        None,
        breaks=monthly_breaks(),
    )
    visits = [
        RecordDate(1, date(2025, 11, 20)),  # at home: not a visit on a break
        RecordDate(2, date(2025, 12, 6)),  # Saturday of the December break
        RecordDate(3, date(2026, 6, 7)),  # Sunday 7 June, the day the break ends
    ]
    due = run("short_break_visit", on_short_breaks(plan, short_break_visits={7: visits}))
    assert [(d.due_date, d.met_on, d.met_by) for d in due] == [
        # First within 3 months of the first break: 5 December; made a day late.
        (date(2025, 12, 5), date(2025, 12, 6), "casework.visit:2"),
        # 6 months after 6 December 2025.
        (date(2026, 6, 6), date(2026, 6, 7), "casework.visit:3"),
        (date(2026, 12, 7), None, ""),
    ]


def test_three_months_from_30_november_is_28_february():
    plan = ShortBreakPlanFact(
        3,
        date(2025, 11, 1),
        None,
        breaks=[AllocationFact(1, date(2025, 11, 30), date(2025, 12, 1))],
    )
    assert [d.due_date for d in run("short_break_review", on_short_breaks(plan))] == [
        date(2026, 2, 28)
    ]


def test_nothing_is_due_before_the_first_break_or_after_the_series_ended():
    agreed = ShortBreakPlanFact(3, date(2025, 11, 1), None)
    assert run("short_break_review", on_short_breaks(agreed)) == []
    assert run("short_break_visit", on_short_breaks(agreed)) == []
    # Ended on 1 February 2026, before the first review fell due (5 December 2025 was
    # due before it, so it stands, unmet); the next would be after the end.
    ended = ShortBreakPlanFact(
        3,
        date(2025, 9, 1),
        date(2026, 2, 1),
        breaks=monthly_breaks()[:4],
    )
    held = {3: [ReviewFact(1, date(2025, 12, 1))]}
    due = run("short_break_review", on_short_breaks(ended, short_break_reviews=held))
    assert [(d.due_date, d.met_on) for d in due] == [(date(2025, 12, 5), date(2025, 12, 1))]
    late = ShortBreakPlanFact(3, date(2025, 9, 1), date(2026, 2, 1), breaks=monthly_breaks()[:4])
    assert [(d.due_date, d.met_on) for d in run("short_break_review", on_short_breaks(late))] == [
        (date(2025, 12, 5), None)
    ]


def test_the_short_break_duties_end_at_18():
    # Born 10 June 2008: 18 on 10 June 2026. First break 10 March 2026: the first review
    # and visit would be due 10 June 2026, the birthday.
    plan = ShortBreakPlanFact(
        3, date(2026, 3, 1), None, breaks=[AllocationFact(1, date(2026, 3, 10), date(2026, 3, 12))]
    )
    facts = ChildFacts(child_id=1, date_of_birth=date(2008, 6, 10), short_break_plans=[plan])
    assert run("short_break_review", facts) == []
    assert run("short_break_visit", facts) == []


def test_a_short_breaks_child_has_none_of_the_full_care_rules():
    # The facts of a child on a break: no period_start (deadlines.facts leaves it unset),
    # so the rules reg 48 switches off give nothing.
    plan = ShortBreakPlanFact(7, date(2025, 9, 1), None, breaks=monthly_breaks())
    facts = on_short_breaks(plan)
    for code in ("cic_review", "iha", "rha", "pep_initial", "pep_termly", "sw_visit", "care_plan"):
        assert run(code, facts) == [], code


def test_an_iro_is_allocated_within_2_working_days_of_the_first_break():
    # First break Friday 5 September 2025: Mon 8 (1), Tue 9 September (2).
    plan = ShortBreakPlanFact(7, date(2025, 9, 1), None, breaks=monthly_breaks())
    [due] = run("short_break_iro", on_short_breaks(plan))
    assert (due.key, due.due_date, due.met_on) == ("shortbreaks:7", date(2025, 9, 9), None)
    # An IRO allocated on 1 September, before the first break: met on the break's first day.
    plan.iro_allocations.append(AllocationFact(3, date(2025, 9, 1), None))
    [due] = run("short_break_iro", on_short_breaks(plan))
    assert (due.met_on, due.met_by) == (date(2025, 9, 5), "children.allocation:3")
