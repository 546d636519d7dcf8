"""Measures already defined elsewhere, wrapped so that they are read like the others:
reviews held in timescale (reviews.selectors.review_timeliness), dispute resolutions and
Quality of Practice forms (resolutions.selectors.resolution_figures), and seed 002's
care-leaver measures (care_leavers.selectors.measures). Each keeps its own definition
in its own module; here it gains the written definition, the team filter and the
children behind it.

These count records (reviews, resolutions, forms) or young people who are not in the
looked-after cohort, so they need the reader (`Inputs.user`): each selector applies the
access rule itself, and the result is narrowed further to `Inputs.within`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from children.models import Allocation, AllocationKind, Child
from reporting.measures.base import Definition, Inputs, Measure, Result


def held_in_period(team, period) -> set[int]:
    """The children `team` held at some time in `period` (a team allocation that
    started on or before its last day and had not ended by its first)."""
    return set(
        Allocation.objects.filter(kind=AllocationKind.TEAM, team=team, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=period.start))
        .values_list("child_id", flat=True)
    )


def _kept(inputs: Inputs, child_ids: Iterable[int]) -> set[int]:
    """Of `child_ids`, those in `inputs.within` (and held by its team in the period)."""
    ids = set(child_ids)
    ids &= set(inputs.within.filter(pk__in=ids).values_list("pk", flat=True))
    if inputs.team is not None:
        ids &= held_in_period(inputs.team, inputs.period)
    return ids


def _children(inputs: Inputs, ids: set[int]) -> QuerySet[Child]:
    return inputs.within.filter(pk__in=sorted(ids))


def _user(inputs: Inputs):
    if inputs.user is None:
        raise ValueError("This measure is read for a user: pass Inputs.user.")
    return inputs.user


def _reviews(inputs: Inputs) -> Result:
    from reviews.selectors import review_timeliness

    figures = review_timeliness(
        user=_user(inputs), start=inputs.period.start, end=inputs.period.end
    )
    kept = _kept(inputs, (d.child_id for d in [*figures.in_time, *figures.late]))
    in_time = [d for d in figures.in_time if d.child_id in kept]
    held = [*in_time, *(d for d in figures.late if d.child_id in kept)]
    return Result(
        measure=REVIEWS_IN_TIMESCALE,
        period=inputs.period,
        count=len(in_time),
        children=_children(inputs, {d.child_id for d in in_time}),
        denominator=len(held),
        denominator_children=_children(inputs, {d.child_id for d in held}),
        records=in_time,
        detail=figures,
    )


def _resolution_figures(inputs: Inputs):
    from resolutions.selectors import resolution_figures

    return resolution_figures(user=_user(inputs), start=inputs.period.start, end=inputs.period.end)


def _resolutions(inputs: Inputs) -> Result:
    figures = _resolution_figures(inputs)
    kept = _kept(inputs, (r.child_id for r in figures.resolutions))
    raised = [r for r in figures.resolutions if r.child_id in kept]
    return Result(
        measure=RESOLUTIONS_RAISED,
        period=inputs.period,
        count=len(raised),
        children=_children(inputs, {r.child_id for r in raised}),
        records=raised,
        detail=figures,
    )


def _responses(inputs: Inputs) -> Result:
    figures = _resolution_figures(inputs)
    in_time, late = figures.response_times[0].items, figures.response_times[1].items
    kept = _kept(inputs, (row.stage.resolution.child_id for row in [*in_time, *late]))
    in_time = [row for row in in_time if row.stage.resolution.child_id in kept]
    answered = [*in_time, *(row for row in late if row.stage.resolution.child_id in kept)]
    return Result(
        measure=RESPONSES_IN_TIME,
        period=inputs.period,
        count=len(in_time),
        children=_children(inputs, {row.stage.resolution.child_id for row in in_time}),
        denominator=len(answered),
        denominator_children=_children(inputs, {row.stage.resolution.child_id for row in answered}),
        records=in_time,
        detail=figures,
    )


def _qop_forms(inputs: Inputs) -> Result:
    figures = _resolution_figures(inputs)
    kept = _kept(inputs, (f.child_id for f in figures.qop_forms))
    forms = [f for f in figures.qop_forms if f.child_id in kept]
    return Result(
        measure=QOP_FORMS_RAISED,
        period=inputs.period,
        count=len(forms),
        children=_children(inputs, {f.child_id for f in forms}),
        records=forms,
        detail=figures,
    )


def _care_leaver_measure(index: int, measure_key: str):
    """The `index`th of care_leavers.selectors.measures on the period's last day. The
    young people counted are the list its count links to (its `count_query`)."""

    def compute(inputs: Inputs) -> Result:
        from django.http import QueryDict

        from care_leavers.selectors import Filters, care_leaver_rows, filter_rows, measures

        rows = care_leaver_rows(user=_user(inputs), today=inputs.period.end)
        kept = _kept(inputs, (row.child.pk for row in rows))
        rows = [row for row in rows if row.child.pk in kept]
        figure = measures(rows)[index]
        counted = filter_rows(rows, Filters.from_query(QueryDict(figure.count_query)))
        cohort = filter_rows(rows, Filters.from_query(QueryDict(figure.denominator_query)))
        # The suitability and activity measures are out of those with a record.
        known = [r for r in cohort if index == 0 or (r.suitable, r.eet)[index - 1] is not None]
        return Result(
            measure=CARE_LEAVER_MEASURES[measure_key],
            period=inputs.period,
            count=figure.count,
            children=_children(inputs, {r.child.pk for r in counted}),
            denominator=figure.denominator,
            denominator_children=_children(inputs, {r.child.pk for r in known}),
            records=counted,
            detail=figure,
        )

    return compute


REVIEWS_IN_TIMESCALE = Measure(
    key="reviews_in_timescale",
    title="Reviews held within timescale",
    definition=Definition(
        cohort="Children in care whose looked-after review was held in the period.",
        numerator="Reviews held on or before the day they were due.",
        denominator="Reviews held in the period.",
        period="Reviews held in the period, both days included.",
        exclusions="Reviews not yet held; reviews of children the reader may not see.",
        source="Care Planning, Placement and Case Review (England) Regulations 2010 reg 33 "
        "(20 working days, then 3 months, then every 6 months); "
        "reviews.selectors.review_timeliness.",
    ),
    compute=_reviews,
    counts="reviews",
)
RESOLUTIONS_RAISED = Measure(
    key="resolutions_raised",
    title="Dispute resolutions raised",
    definition=Definition(
        cohort="Dispute resolutions raised by IROs in the period.",
        numerator="Each resolution once (by kind, stage reached and theme on its own page).",
        denominator="None: a count.",
        period="Raised in the period, both days included.",
        exclusions="Resolutions of children the reader may not see.",
        source="IRO Handbook section 7.11 (annual report) and the local dispute resolution "
        "protocol; resolutions.selectors.resolution_figures.",
    ),
    compute=_resolutions,
    counts="resolutions",
)
RESPONSES_IN_TIME = Measure(
    key="resolution_responses_in_time",
    title="Dispute resolution stages answered in time",
    definition=Definition(
        cohort="Formal stages of dispute resolutions, with a manager to respond, that "
        "started in the period.",
        numerator="Stages answered within the response time (RESOLUTION_RESPONSE_WORKING_DAYS).",
        denominator="Stages answered, in time or late.",
        period="Stages started in the period, both days included.",
        exclusions="Stages not yet answered; informal resolutions.",
        source="The local dispute resolution protocol (IRO Handbook 2010, chapter 6); "
        "resolutions.selectors.resolution_figures.",
    ),
    compute=_responses,
    counts="stages",
)
QOP_FORMS_RAISED = Measure(
    key="qop_forms_raised",
    title="Quality of Practice forms raised",
    definition=Definition(
        cohort="Quality of Practice forms raised by IROs in the period.",
        numerator="Each form once (by reason, and those escalated, on its own page).",
        denominator="None: a count.",
        period="Raised in the period, both days included.",
        exclusions="Forms about children the reader may not see.",
        source="IRO Handbook section 7.11; resolutions.selectors.resolution_figures.",
    ),
    compute=_qop_forms,
    counts="forms",
)
_LEAVER_SOURCE = (
    "Children (Leaving Care) Act 2000; DfE OC3 definitions; "
    "care_leavers.selectors.measures (seed 002)."
)
CARE_LEAVER_MEASURES = {
    "care_leavers_in_touch": Measure(
        key="care_leavers_in_touch",
        title="Care leavers aged 19 to 21 in touch",
        definition=Definition(
            cohort="Care leavers aged 19 to 21 on the period's last day.",
            numerator="Those with a contact in touch in the 3 months before it.",
            denominator="Every care leaver aged 19 to 21.",
            period="On the period's last day.",
            exclusions="None.",
            source=_LEAVER_SOURCE,
        ),
        compute=_care_leaver_measure(0, "care_leavers_in_touch"),
        counts="young people",
    ),
    "care_leavers_suitable": Measure(
        key="care_leavers_suitable",
        title="Care leavers aged 19 to 21 in suitable accommodation",
        definition=Definition(
            cohort="Care leavers aged 19 to 21 on the period's last day.",
            numerator="Those whose accommodation that day is suitable.",
            denominator="Those with accommodation recorded.",
            period="On the period's last day.",
            exclusions="Gone abroad, deported, residence not known.",
            source=_LEAVER_SOURCE,
        ),
        compute=_care_leaver_measure(1, "care_leavers_suitable"),
        counts="young people",
    ),
    "care_leavers_eet": Measure(
        key="care_leavers_eet",
        title="Care leavers aged 19 to 21 in education, employment or training",
        definition=Definition(
            cohort="Care leavers aged 19 to 21 on the period's last day.",
            numerator="Those in education, employment or training that day.",
            denominator="Those with an activity recorded.",
            period="On the period's last day.",
            exclusions="None.",
            source=_LEAVER_SOURCE,
        ),
        compute=_care_leaver_measure(2, "care_leavers_eet"),
        counts="young people",
    ),
}
TIMELINESS_MEASURES = [
    REVIEWS_IN_TIMESCALE,
    RESPONSES_IN_TIME,
    RESOLUTIONS_RAISED,
    QOP_FORMS_RAISED,
    *CARE_LEAVER_MEASURES.values(),
]
