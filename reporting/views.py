"""The managers' dashboard of measures, the lists of the children behind each figure,
and a CSV download of every table. Every figure comes from reporting.measures, every
child from children_visible_to (decision 0022)."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from accounts.http import AuthenticatedRequest
from accounts.models import Role, Team
from children.models import Child
from children.selectors import SEE_ALL_ROLES, children_visible_to, team_ids_for
from children.services import record_children_listed
from core.downloads import named_download
from core.spreadsheets import spreadsheet_safe
from reporting.charts import bar_chart
from reporting.forms import PeriodForm
from reporting.measures import (
    COHORT_MEASURES,
    ENGLAND,
    MEASURES,
    RECENCY_MEASURES,
    Inputs,
    Period,
    Result,
    month_end_counts,
    on_time_results,
    stability_results,
)
from reporting.measures.breakdowns import DIMENSIONS
from reporting.selectors import period_query

# Who sees the dashboard: senior and IRO managers every child, team managers their teams'.
DASHBOARD_ROLES = frozenset({Role.SENIOR_MANAGER, Role.IRO_MANAGER, Role.TEAM_MANAGER})
PER_PAGE = 50
# The cohort measures whose breakdowns the dashboard shows (the others on the list pages).
BROKEN_DOWN = ("looked_after_at_end", "started", "ceased")


def can_see_dashboard(*, user) -> bool:
    return user.is_authenticated and user.role in DASHBOARD_ROLES


@dataclass(frozen=True)
class Choice:
    """The period and team the reader chose, and what they may see."""

    form: PeriodForm
    period: Period
    team: Team | None
    within: QuerySet[Child]

    def query(self, **more) -> str:
        return period_query(self.period, self.team, **more)

    def inputs(self, request: AuthenticatedRequest, breakdowns=()) -> Inputs:
        return Inputs(self.period, self.within, self.team, request.user, tuple(breakdowns))

    def name_parts(self) -> list[object]:
        parts: list[object] = [self.period.start.isoformat(), "to", self.period.end.isoformat()]
        if self.team is not None:
            parts.append(self.team.name)
        return parts


def _choice(request: AuthenticatedRequest) -> Choice:
    """The reader's period and team from the query string; the last 12 whole months and
    every child they may see when none is given or the input is wrong (the form then
    carries the errors to show)."""
    user = request.user
    if not can_see_dashboard(user=user):
        raise PermissionDenied
    whole_service = user.role in SEE_ALL_ROLES
    teams = list(
        Team.objects.all() if whole_service else Team.objects.filter(pk__in=team_ids_for(user=user))
    )
    form = PeriodForm(
        request.GET if request.GET else None,
        teams=teams,
        all_label="Every team" if whole_service else "Every child you can see",
    )
    period = Period.last_12_months(timezone.localdate())
    team = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data["start"]:
            period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        team = next((t for t in teams if t.pk == form.cleaned_data["team"]), None)
    return Choice(form, period, team, children_visible_to(user=user))


def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    choice = _choice(request)
    results = [
        measure(choice.inputs(request, measure.dimensions if measure.key in BROKEN_DOWN else ()))
        for measure in COHORT_MEASURES
    ]
    months = month_end_counts(choice.inputs(request))
    return render(
        request,
        "reporting/dashboard.html",
        {
            "choice": choice,
            "form": choice.form,
            "query": choice.query(),
            "figures": [(r, choice.query(measure=r.measure.key)) for r in results],
            "breakdowns": [
                *(_tables(choice, r) for r in results if r.measure.key in BROKEN_DOWN),
                *(
                    _tables(choice, measure(choice.inputs(request, measure.dimensions)))
                    for measure in RECENCY_MEASURES
                ),
            ],
            "months": [
                (day, r, choice.query(measure=r.measure.key, **_month(day))) for day, r in months
            ],
            "month_measure": MEASURES["looked_after_at_end"],
            "chart": bar_chart([(f"{day:%b %Y}", r.count) for day, r in months]),
            "stability": [
                (
                    r,
                    ENGLAND.get(r.measure.key),
                    choice.query(measure=r.measure.key),
                    choice.query(measure=r.measure.key, of="cohort"),
                )
                for r in stability_results(choice.inputs(request))
            ],
            "on_time": [
                (
                    r,
                    choice.query(measure=r.measure.key),
                    choice.query(measure=r.measure.key, of="cohort"),
                )
                for r in on_time_results(choice.inputs(request))
            ],
        },
    )


def _month(day) -> dict:
    return {
        "start_0": 1,
        "start_1": day.month,
        "start_2": day.year,
        "end_0": day.day,
        "end_1": day.month,
        "end_2": day.year,
    }


def _tables(choice: Choice, result: Result) -> dict:
    return {
        "result": result,
        "tables": [
            {
                "key": dimension,
                "title": DIMENSIONS[dimension],
                "rows": [
                    (
                        cell,
                        choice.query(
                            measure=result.measure.key,
                            dimension=dimension,
                            value=cell.key or "none",
                        ),
                    )
                    for cell in cells
                ],
                "download": choice.query(table=f"{result.measure.key}.{dimension}"),
            }
            for dimension, cells in result.breakdowns.items()
        ],
    }


def _behind(request: AuthenticatedRequest, choice: Choice) -> tuple[Result, QuerySet[Child], str]:
    """The figure a list is of, the children behind it and the words for them."""
    measure = MEASURES.get(request.GET.get("measure", ""))
    if measure is None or measure.counts not in ("children", "deadlines"):
        raise Http404("No such figure")
    dimension = request.GET.get("dimension", "")
    if dimension and dimension not in measure.dimensions:
        raise Http404("No such breakdown")
    result = measure(choice.inputs(request, (dimension,) if dimension else ()))
    if request.GET.get("of") == "cohort":
        if result.denominator_children is None:
            raise Http404("This figure is not out of a cohort")
        return result, result.denominator_children, f"{measure.title}: the children it is out of"
    if not dimension:
        return result, result.children, measure.title
    value = request.GET.get("value", "")
    cell = next((c for c in result.breakdowns[dimension] if (c.key or "none") == value), None)
    if cell is None:
        return result, Child.objects.none(), f"{measure.title}: {DIMENSIONS[dimension]}"
    return (
        result,
        choice.within.filter(pk__in=sorted(cell.ids)),
        f"{measure.title}: {DIMENSIONS[dimension].lower()} {cell.label}",
    )


def children_behind(request: AuthenticatedRequest) -> HttpResponse:
    """The children behind one figure (or one line of a breakdown), by name, 50 a page;
    with `download=csv`, all of them as a CSV file."""
    choice = _choice(request)
    result, children, title = _behind(request, choice)
    if result.measure.counts == "deadlines":
        return _deadlines_behind(request, choice, result)
    children = children.order_by("last_name", "first_name", "pk")
    if request.GET.get("download") == "csv":
        # The file names the children: each is logged as viewed (children.middleware).
        record_children_listed(
            child_ids=children.values_list("pk", flat=True),
            user=request.user,
            path=request.get_full_path(),
        )
        return _csv(
            ["LA reference", "First name", "Last name", "Date of birth"],
            (
                [c.la_reference, c.first_name, c.last_name, c.date_of_birth.isoformat()]
                for c in children
            ),
            download_filename("children", title, *choice.name_parts()),
        )
    page = Paginator(children, PER_PAGE).get_page(request.GET.get("page"))
    keep = {k: request.GET.get(k, "") for k in ("measure", "dimension", "value", "of")}
    return render(
        request,
        "reporting/children.html",
        {
            "choice": choice,
            "result": result,
            "title": title,
            "page": page,
            "query": choice.query(**keep),
            "dashboard_query": choice.query(),
        },
    )


def _deadlines_behind(
    request: AuthenticatedRequest, choice: Choice, result: Result
) -> HttpResponse:
    """The deadlines behind an on-time figure (or, with `of=cohort`, every deadline it is
    out of), earliest due first, 50 a page; with `download=csv`, all of them."""
    cohort = request.GET.get("of") == "cohort"
    deadlines = result.denominator_records if cohort else result.records
    title = result.measure.title + (": every deadline due" if cohort else "")
    if request.GET.get("download") == "csv":
        rows = list(deadlines)
        record_children_listed(
            child_ids={d.child_id for d in rows},
            user=request.user,
            path=request.get_full_path(),
        )
        return _csv(
            ["LA reference", "First name", "Last name", "Due", "Met on", "Status"],
            (
                [
                    d.child.la_reference,
                    d.child.first_name,
                    d.child.last_name,
                    d.due_date.isoformat(),
                    d.met_on.isoformat() if d.met_on else "",
                    d.get_status_display(),
                ]
                for d in rows
            ),
            download_filename("deadlines", title, *choice.name_parts()),
        )
    page = Paginator(deadlines, PER_PAGE).get_page(request.GET.get("page"))
    keep = {k: request.GET.get(k, "") for k in ("measure", "of")}
    return render(
        request,
        "reporting/deadlines.html",
        {
            "choice": choice,
            "result": result,
            "title": title,
            "page": page,
            "query": choice.query(**keep),
            "dashboard_query": choice.query(),
        },
    )


def download(request: AuthenticatedRequest) -> HttpResponse:
    """A dashboard table as CSV: `table` is "figures", "month_ends" or
    "<measure>.<breakdown>"."""
    choice = _choice(request)
    table = request.GET.get("table", "")
    if table == "figures":
        rows = []
        for measure in COHORT_MEASURES:
            r = measure(choice.inputs(request))
            rate = "" if r.rate_per_10000 is None else str(r.rate_per_10000)
            rows.append([measure.title, str(r.count), "", rate, measure.definition.cohort])
        for r in [
            *stability_results(choice.inputs(request)),
            *on_time_results(choice.inputs(request)),
        ]:
            measure = r.measure
            cohort = measure.definition.cohort
            rows.append([measure.title, str(r.count), str(r.denominator), "", cohort])
        return _csv(
            ["Measure", "Counted", "Out of", "Rate per 10,000 children", "Definition"],
            rows,
            download_filename("measures", *choice.name_parts()),
        )
    if table == "month_ends":
        months = month_end_counts(choice.inputs(request))
        return _csv(
            ["Month end", "Children looked after"],
            ([day.isoformat(), str(r.count)] for day, r in months),
            download_filename("looked-after-at-month-ends", *choice.name_parts()),
        )
    key, _, dimension = table.partition(".")
    chosen = MEASURES.get(key)
    if chosen is None or dimension not in chosen.dimensions:
        raise Http404("No such table")
    result = chosen(choice.inputs(request, (dimension,)))
    return _csv(
        [DIMENSIONS[dimension], "Children"],
        ([cell.label, str(cell.count)] for cell in result.breakdowns[dimension]),
        download_filename(chosen.title, "by", DIMENSIONS[dimension], *choice.name_parts()),
    )


def download_filename(*parts: object) -> str:
    """A CSV file's name from words, dates and a team's name: lower-case words joined by
    hyphens ("Team North / East" gives "team-north-east"), made safe by named_download."""
    return "-".join(p for p in (slugify(str(part)) for part in parts) if p) + ".csv"


def _csv(header, rows, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    named_download(response, filename)
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
