"""The English school year, terms and year groups: pure functions of dates.

- A school year runs from 1 September to 31 August.
- Children born from 1 September of one year to 31 August of the next are in the same
  year group. Reception is the school year in which they turn 5; Year 1 the next, up to
  Year 13. The year before Reception is Nursery (the year they turn 4).
- Terms, as the PEP deadlines count them (docs/decisions/0011-pep-timescales.md):
  autumn 1 September to 31 December, spring 1 January to 31 March, summer 1 April to
  31 August. Easter moves and so do schools' own term dates; fixed calendar dates mean
  the same date for every child and every school, and every day of the year in a term.
"""

from dataclasses import dataclass
from datetime import date

RECEPTION = 0
NURSERY = -1
LAST_YEAR_GROUP = 13


def school_year_start(on: date) -> int:
    """The calendar year in which the school year containing `on` began."""
    return on.year if on.month >= 9 else on.year - 1


def year_group_number(date_of_birth: date, on: date) -> int:
    """0 for Reception, 1 to 13 for Year 1 to Year 13; negative before Reception (-1 is
    Nursery), above 13 after Year 13."""
    cohort = school_year_start(date_of_birth)  # the school year the child was born in
    return school_year_start(on) - (cohort + 5)


def year_group(date_of_birth: date, on: date) -> str:
    """The child's year group on `on`, in words ("Reception", "Year 7")."""
    number = year_group_number(date_of_birth, on)
    if number == RECEPTION:
        return "Reception"
    if number == NURSERY:
        return "Nursery"
    if number < NURSERY:
        return "Below school age"
    if number > LAST_YEAR_GROUP:
        return "Beyond Year 13"
    return f"Year {number}"


@dataclass(frozen=True)
class Term:
    """A school term: its school year (the year it began in September) and its name."""

    school_year: int
    name: str  # "autumn", "spring" or "summer"
    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.school_year}-{self.name}"

    @property
    def label(self) -> str:
        return (
            f"{self.name.capitalize()} term {self.school_year}/{(self.school_year + 1) % 100:02d}"
        )


def term_of(on: date) -> Term:
    """The term containing `on`."""
    year = school_year_start(on)
    if on.month >= 9:
        return Term(year, "autumn", date(year, 9, 1), date(year, 12, 31))
    if on.month <= 3:
        return Term(year, "spring", date(year + 1, 1, 1), date(year + 1, 3, 31))
    return Term(year, "summer", date(year + 1, 4, 1), date(year + 1, 8, 31))


def next_term(term: Term) -> Term:
    from datetime import timedelta

    return term_of(term.end + timedelta(days=1))


def terms_after(start: date, until: date) -> list[Term]:
    """The terms that begin after `start`, up to the one containing `until`."""
    terms = []
    term = next_term(term_of(start))
    while term.start <= until:
        terms.append(term)
        term = next_term(term)
    return terms


def born_between_for_year_groups(lowest: int, highest: int, on: date) -> tuple[date, date]:
    """The earliest and latest dates of birth of children in year groups `lowest` to
    `highest` (0 Reception, 11 Year 11) on `on`."""
    start = school_year_start(on)
    # Year group n is the cohort born in the school year that began in start - 5 - n.
    return date(start - 5 - highest, 9, 1), date(start - 5 - lowest + 1, 8, 31)
