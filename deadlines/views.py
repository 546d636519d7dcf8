"""Work lists: the open deadlines that are a user's work, their teams', and the whole
service's, each filterable by rule and downloadable as CSV (?format=csv)."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from accounts.http import AuthenticatedRequest
from core.downloads import named_download
from core.spreadsheets import spreadsheet_safe
from deadlines import selectors
from deadlines.forms import WorkFilterForm
from deadlines.models import Deadline, DeadlineStatus
from deadlines.timescales import rule_settings

PER_PAGE = 50


@dataclass(frozen=True)
class Section:
    """One group of My work: its rows on this page, and where the rest of it is."""

    status: str
    title: str
    total: int
    rows: list[Deadline]
    first_page: int


def my_work(request: AuthenticatedRequest) -> HttpResponseBase:
    return _work_list(request, view="mine", deadlines=selectors.my_work(user=request.user))


def team_work(request: AuthenticatedRequest) -> HttpResponseBase:
    if not selectors.can_see_team_work(user=request.user):
        raise PermissionDenied
    return _work_list(request, view="team", deadlines=selectors.team_work(user=request.user))


def service_work(request: AuthenticatedRequest) -> HttpResponseBase:
    if not selectors.can_see_service_work(user=request.user):
        raise PermissionDenied
    return _work_list(request, view="service", deadlines=selectors.service_work(user=request.user))


TITLES = {"mine": "My work", "team": "Team deadlines", "service": "All deadlines"}
FILENAMES = {"mine": "my-work", "team": "team-deadlines", "service": "all-deadlines"}


def _work_list(
    request: AuthenticatedRequest, *, view: str, deadlines: QuerySet[Deadline]
) -> HttpResponseBase:
    form = WorkFilterForm(request.GET, with_status=view != "mine")
    filters = form.filters()
    if request.GET.get("format") == "csv":
        if form.errors:
            return HttpResponseBadRequest(
                "; ".join(str(e) for errors in form.errors.values() for e in errors),
                content_type="text/plain; charset=utf-8",
            )
        from children.services import record_children_listed

        listed = selectors.filter_work(deadlines, **filters)
        # A CSV lists children: each is logged as viewed (children.middleware).
        record_children_listed(
            child_ids=listed.order_by().values_list("child_id", flat=True).distinct(),
            user=request.user,
            path=request.get_full_path(),
        )
        return _csv(listed, FILENAMES[view])

    listed = selectors.for_listing(selectors.filter_work(deadlines, **filters))
    paginator = selectors.ListingPaginator(listed, PER_PAGE)
    summary = None
    if view != "mine":
        # The summary counts the same rows as the list, before the filter: each count
        # links to the list filtered to its rule and status, and the list's length is
        # the sum of the counts its filter keeps, not a second count of every row.
        summary = selectors.summary_by_rule(deadlines)
        paginator.count = selectors.summary_total(summary, **filters)
    else:
        # My work's groups are counted by status: their sum is the list's length.
        totals = selectors.counts_by_status(selectors.filter_work(deadlines, **filters))
        paginator.count = sum(totals.values())
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "view": view,
        "title": TITLES[view],
        "form": form,
        "page": page,
        "query": urlencode(filters),
        "can_see_team": selectors.can_see_team_work(user=request.user),
        "can_see_service": selectors.can_see_service_work(user=request.user),
    }
    if view == "mine":
        soon_days = rule_settings().DUE_SOON_WORKING_DAYS
        context["soon_days"] = soon_days
        context["sections"] = _sections(page, totals, soon_days)
    else:
        context["summary"] = summary
        context["statuses"] = [(s.value, s.label) for s in selectors.OPEN_ORDER]
        count = page.paginator.count
        context["caption"] = f"{count} open deadline{'' if count == 1 else 's'}"
    return render(request, "deadlines/work_list.html", context)


def _sections(page: Page, totals: dict[str, int], soon_days: int) -> list[Section]:
    """My work in three groups. The list is paginated in urgency order, so a group may
    begin on an earlier page or on a later one."""
    titles = {
        DeadlineStatus.OVERDUE: "Overdue",
        DeadlineStatus.DUE_SOON: f"Due in the next {soon_days} working days",
        DeadlineStatus.UPCOMING: "Later",
    }
    sections = []
    before = 0
    for status in selectors.OPEN_ORDER:
        total = totals.get(status, 0)
        sections.append(
            Section(
                status=status,
                title=titles[status],
                total=total,
                rows=[d for d in page.object_list if d.status == status],
                first_page=before // PER_PAGE + 1,
            )
        )
        before += total
    return sections


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(deadlines: QuerySet[Deadline], name: str) -> StreamingHttpResponse:
    """Every row, streamed: the service's list can run to tens of thousands."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(selectors.CSV_COLUMNS)
        for deadline in selectors.for_listing(deadlines).iterator(chunk_size=2000):
            yield writer.writerow(
                [spreadsheet_safe(cell) for cell in selectors.csv_cells(deadline)]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    named_download(response, f"{name}.csv")
    return response


def child_history(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """Every change to the child's deadlines, newest first: what each recompute moved."""
    from children.selectors import child_for_user

    child = child_for_user(user=request.user, pk=pk)
    changes = Paginator(selectors.deadline_history_for_child(child=child), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "deadlines/child_history.html", {"child": child, "changes": changes})
