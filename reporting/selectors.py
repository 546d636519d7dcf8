"""What other pages read of the measures: the query string of a figure's list, and the
figures a senior manager's home page leads with."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils import timezone

from accounts.models import Team
from children.selectors import children_visible_to
from reporting.measures import MEASURES, Inputs, Period, Result

# The senior manager's home page figures.
# Each is a query or two of plain rows, so the home page stays quick; the stability
# measures, which read every child's care history, are on the dashboard only.
HEADLINES = ("looked_after_at_end", "started", "ceased", "sw_visit_on_time")


def period_query(period: Period, team: Team | None = None, **more) -> str:
    """The query string of the measures pages for a period, a team and more."""
    values: dict[str, object] = {
        "start_0": period.start.day,
        "start_1": period.start.month,
        "start_2": period.start.year,
        "end_0": period.end.day,
        "end_1": period.end.month,
        "end_2": period.end.year,
    }
    if team is not None:
        values["team"] = team.pk
    return urlencode(values | {k: v for k, v in more.items() if v not in ("", None)})


def headline_figures(*, user) -> list[tuple[Result, str]]:
    """The figures a senior manager's home page leads with, for the last 12 whole months
    and the children they may see, each with the query of the list behind it."""
    period = Period.last_12_months(timezone.localdate())
    inputs = Inputs(period, children_visible_to(user=user), None, user)
    return [(MEASURES[key](inputs), period_query(period, measure=key)) for key in HEADLINES]
