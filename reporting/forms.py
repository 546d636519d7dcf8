from django import forms

from core.forms import GovukDateField, GovukForm

# The longest period a dashboard covers: ten years of month-end counts.
LONGEST_PERIOD_DAYS = 3660
# The years a period may fall in: care records begin well after 1900, and month ends
# and the day before a period are worked out without running off the calendar.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


class PeriodForm(GovukForm):
    """The dashboard's filter: a period (both days included) and, optionally, a team."""

    start = GovukDateField(label="From", required=False, help_text="For example, 1 4 2025")
    end = GovukDateField(label="To", required=False, help_text="For example, 31 3 2026")
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, teams=(), all_label: str = "Every team", **kwargs):
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.TypedChoiceField)
        team.choices = [("", all_label), *((t.pk, t.name) for t in teams)]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end) and not self.errors:
            missing = "end" if start else "start"
            self.add_error(missing, f"Enter the date the period {missing}s, or neither date")
        elif start and end:
            if not (start.year >= EARLIEST_YEAR and end.year <= LATEST_YEAR):
                self.add_error(
                    "start" if start.year < EARLIEST_YEAR else "end",
                    f"The period must fall between {EARLIEST_YEAR} and {LATEST_YEAR}",
                )
            elif end < start:
                self.add_error("end", "The end of the period must be on or after its start")
            elif (end - start).days > LONGEST_PERIOD_DAYS:
                self.add_error("end", "The period must be 10 years or shorter")
        return data
