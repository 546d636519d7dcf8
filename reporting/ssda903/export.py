"""The SSDA903 return, built from the care history (children.episodes derives the episodes).

`build_return(year=2026)` gives the rows of each table for the collection year
1 April 2025 to 31 March 2026, by the DfE's inclusion rules:

- a child is in the return when any period of care was open at some point in
  the year (started on or before 31 March, not ended before 1 April);
- Episodes: every episode of those children open at some point in the year;
- Header: one row per child in the return;
- UASC: the children in the return recorded as unaccompanied asylum seekers;
- SWEpisodes: social-worker allocations open at some point in the year, SW_ID being
  the worker's Social Work England registration number (accounts.User.sw_registration);
- PrevPerm: the previous permanence of each child in the return, from their
  latest period of care, where it is recorded;
- AD1: children adopted (REC E11/E12) during the year;
- PlacedAdoption: decisions that a child should be placed for adoption that
  were in force at some point in the year (until they ceased, or their period of care
  ended);
- Missing: missing and away-without-authorisation episodes that overlap the year;
  MIS_END is left blank when the child returned after the year's end.
- Reviews: one row per child-in-care review held in the year (1 April to 31 March)
  by a child in the return, with how the child took part (REVIEW_CODE): PN0 for a
  child under 4 on the day (DfE rules 440, 441), as recorded otherwise. Reviews held
  while the child was on an agreed series of short breaks (V3/V4) are not returned
  (the DfE's guide; rule 399).
- OC3: one row per care leaver whose 17th to 21st birthday falls in the year, with
  IN_TOUCH, ACTIV and ACCOM around that birthday (care_leavers.oc3). Returned for
  relevant and former relevant young people (the 13-week test, short breaks left
  out: rule 1001) who had left care before the birthday (rules 1007, 1016), except
  where another council took over their care (REC E3, rule 1011). A young person in
  OC3 who was not looked after in the year has a Header row of their own, without
  the motherhood items (rule 628).
- OC2: one row per child looked after continuously for 12 months or more at 31 March,
  with their health, substance misuse and offending in the year, each value by one
  definition (health.oc2; decision 0015).
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from accounts.models import User
from casework.models import MissingEpisode
from children import codes
from children.episodes import Episode, episodes_for_child
from children.models import Adoption, Allocation, AllocationKind, Child, PeriodOfCare, Placement
from health import oc2
from reporting.ssda903 import tables
from reporting.ssda903.tables import DATE_FORMAT, Table
from reviews.models import Review


@dataclass(frozen=True)
class CollectionYear:
    """The DfE collection year ending 31 March of `year`."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    def overlaps(self, start: date, end: date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)


def fmt(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def children_in_year(
    year: CollectionYear, children: QuerySet[Child] | None = None
) -> QuerySet[Child]:
    base = children if children is not None else Child.objects.all()
    return (
        base.filter(
            periods_of_care__start_date__lte=year.end,
        )
        .filter(
            Q(periods_of_care__end_date__isnull=True) | Q(periods_of_care__end_date__gte=year.start)
        )
        .distinct()
        .order_by("la_reference")
        .prefetch_related(
            "periods_of_care",
            "legal_statuses",
            Prefetch("placements", queryset=Placement.objects.order_by("start_date", "pk")),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER)
                .select_related("worker")
                .order_by("start_date", "pk"),
                to_attr="sw_allocations",
            ),
            Prefetch("adoptions", queryset=Adoption.objects.order_by("decision_date", "pk")),
            Prefetch(
                "missing_episodes", queryset=MissingEpisode.objects.order_by("start_date", "pk")
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(
                    held_on__gte=year.start, held_on__lte=year.end
                ).order_by("held_on", "pk"),
                to_attr="reviews_in_year",
            ),
        )
    )


def looked_after_past_eighteen(child: Child, collection: CollectionYear) -> date | None:
    """The 18th birthday of a child whose record keeps them looked after on or after it
    by the end of the year (a period of care open, or ended later, past the birthday),
    or None. A looked-after child is under 18 (Children Act 1989 s105(1), DfE rule 359):
    such a child is left out of the return and listed (`children_looked_after_past_eighteen`)
    until their care is ended at 18 with the reason it ended, which the return cannot
    guess (E17 staying put, E5 or E6 independent living, E7 adult services...).
    Uses the prefetched periods of care."""
    from euss.rules import eighteenth_birthday

    eighteen = eighteenth_birthday(child.date_of_birth)
    if eighteen > collection.end:
        return None
    for period in child.periods_of_care.all():
        if period.start_date <= collection.end and (
            period.end_date is None or period.end_date > eighteen
        ):
            return eighteen
    return None


def children_looked_after_past_eighteen(
    *, year: int, children: QuerySet[Child] | None = None
) -> list[tuple[Child, date]]:
    """The children of the year's return whose care must be ended at 18 before they can
    be returned, with their 18th birthdays (`looked_after_past_eighteen`)."""
    collection = CollectionYear(year)
    found = []
    for child in children_in_year(collection, children):
        eighteen = looked_after_past_eighteen(child, collection)
        if eighteen is not None:
            found.append((child, eighteen))
    return found


def as_at_year_end(episode: Episode, collection: CollectionYear) -> Episode:
    """The episode as it stood on 31 March: one that ended later was still open then."""
    if episode.dec is not None and episode.dec > collection.end:
        return replace(episode, dec=None, rec="", reason_place_change="")
    return episode


def _episode_row(child: Child, e: Episode) -> dict[str, str]:
    short_break = e.ls in codes.SHORT_BREAK_STATUSES
    return {
        "CHILD": child.la_reference,
        "DECOM": fmt(e.decom),
        "RNE": e.rne,
        "LS": e.ls,
        "CIN": e.cin,
        "PLACE": e.place,
        "PLACE_PROVIDER": e.place_provider,
        "DEC": fmt(e.dec),
        "REC": e.rec,
        "REASON_PLACE_CHANGE": e.reason_place_change,
        # Short breaks carry no postcodes or URN (DfE rule 214); an unaccompanied asylum
        # seeker's home postcode is left out, so no distance is worked out (rule 406).
        "HOME_POST": "" if short_break or child.uasc else e.home_post,
        "PL_POST": "" if short_break else e.pl_post,
        "URN": "" if short_break or e.place in codes.NO_URN_PLACEMENTS else e.urn,
    }


def _header_row(
    child: Child, collection: CollectionYear, ceased: date | None = None
) -> dict[str, str]:
    female = child.sex == "F"
    # A baby born after the year's end, or after the day she ceased to be looked after
    # (`ceased`, her last episode's DEC in the year), is not in that return (DfE rule 625).
    last_day = min(collection.end, ceased) if ceased else collection.end
    mother = bool(
        child.is_mother and child.mothers_child_dob and child.mothers_child_dob <= last_day
    )
    return {
        "CHILD": child.la_reference,
        "SEX": child.sex,
        "DOB": fmt(child.date_of_birth),
        "ETHNIC": child.ethnicity,
        "UPN": child.upn or child.upn_unknown_reason,
        # Required for every girl (DfE rules 393, 607): not recorded counts as not a mother.
        "MOTHER": ("1" if mother else "0") if female else "",
        "MC_DOB": fmt(child.mothers_child_dob) if female and mother else "",
    }


def build_return(
    *, year: int, children: QuerySet[Child] | None = None
) -> dict[Table, list[dict[str, str]]]:
    """Every table's rows for the collection year ending 31 March `year`."""
    collection = CollectionYear(year)
    rows: dict[Table, list[dict[str, str]]] = {t: [] for t in tables.TABLES}
    in_oc2: list[tuple[Child, PeriodOfCare]] = []
    for child in children_in_year(collection, children):
        if looked_after_past_eighteen(child, collection) is not None:
            continue
        episodes = [
            as_at_year_end(e, collection)
            for e in episodes_for_child(child)
            if collection.overlaps(e.decom, e.dec)
        ]
        if not episodes:
            continue
        dob = fmt(child.date_of_birth)
        rows[tables.HEADER].append(_header_row(child, collection, episodes[-1].dec))
        rows[tables.EPISODES] += [_episode_row(child, e) for e in episodes]
        if child.uasc:
            rows[tables.UASC].append(
                {
                    "CHILD": child.la_reference,
                    "SEX": child.sex,
                    "DOB": dob,
                    "DUC": fmt(child.uasc_end),
                }
            )
        for allocation in child.sw_allocations:  # type: ignore[attr-defined]
            if collection.overlaps(allocation.start_date, allocation.end_date):
                ended = allocation.end_date is not None and allocation.end_date <= collection.end
                rows[tables.SW_EPISODES].append(
                    {
                        "CHILD": child.la_reference,
                        "DOB": dob,
                        # The Social Work England registration number; blank when the
                        # worker has none recorded (return_gaps lists them).
                        "SW_ID": allocation.worker.sw_registration if allocation.worker else "",
                        "SW_DECOM": fmt(allocation.start_date),
                        "SW_DEC": fmt(allocation.end_date) if ended else "",
                        "SW_REASON": allocation.start_reason,
                    }
                )
        for missing in child.missing_episodes.all():
            if collection.overlaps(missing.start_date, missing.end_date):
                returned = missing.end_date is not None and missing.end_date <= collection.end
                rows[tables.MISSING].append(
                    {
                        "CHILD": child.la_reference,
                        "DOB": dob,
                        "MISSING": missing.kind,
                        "MIS_START": fmt(missing.start_date),
                        "MIS_END": fmt(missing.end_date) if returned else "",
                    }
                )
        rows[tables.REVIEWS] += _review_rows(child, child.reviews_in_year, episodes)  # type: ignore[attr-defined]
        period = oc2.oc2_period(child, collection.start, collection.end)
        if period is not None:
            in_oc2.append((child, period))
        periods = sorted(child.periods_of_care.all(), key=lambda p: p.start_date)
        # PrevPerm: one row for each child who started to be looked after in the year
        # (DfE rules 630 and 634), from the latest such period; P4 when nobody recorded it.
        started = [p for p in periods if collection.start <= p.start_date <= collection.end]
        if started:
            latest = started[-1]
            rows[tables.PREV_PERM].append(_prev_perm_row(child, latest))
        adopted_in_year = [
            p
            for p in periods
            if p.reason_ceased in codes.ADOPTED_REASONS
            and p.end_date
            and collection.start <= p.end_date <= collection.end
        ]
        adoptions = list(child.adoptions.all())
        for period in adopted_in_year:
            adoption = next((a for a in adoptions if a.period_id == period.pk), None)
            if adoption is None:
                continue
            rows[tables.AD1].append(
                {
                    "CHILD": child.la_reference,
                    "DOB": dob,
                    "DATE_INT": fmt(adoption.decision_date),
                    "DATE_MATCH": fmt(adoption.match_date),
                    "FOSTER_CARE": _flag(adoption.adopters_were_foster_carers),
                    "NB_ADOPTR": str(adoption.number_of_adopters or ""),
                    "SEX_ADOPTR": adoption.adopters_sex,
                    "LS_ADOPTR": adoption.adopters_legal_status,
                }
            )
        period_ends = {p.pk: p.end_date for p in periods}
        for adoption in adoptions:
            # A decision is in force until it ceased, and at most until its period of care
            # ended: a decision of an earlier period (one that ended in adoption, say) is
            # not carried into a later one (DfE rule 1003).
            in_force_until = adoption.ceased_date or period_ends.get(adoption.period_id)
            if collection.overlaps(adoption.decision_date, in_force_until):
                ceased = adoption.ceased_date is not None and adoption.ceased_date <= collection.end
                rows[tables.PLACED_ADOPTION].append(
                    {
                        "CHILD": child.la_reference,
                        "DOB": dob,
                        "DATE_PLACED": fmt(adoption.decision_date),
                        "DATE_PLACED_CEASED": fmt(adoption.ceased_date) if ceased else "",
                        "REASON_PLACED_CEASED": adoption.ceased_reason if ceased else "",
                    }
                )
    rows[tables.OC3] += _oc3_rows(collection, children, rows[tables.HEADER])
    rows[tables.OC2] += _oc2_rows(collection, in_oc2)
    return rows


def _oc2_rows(
    collection: CollectionYear, in_oc2: list[tuple[Child, PeriodOfCare]]
) -> list[dict[str, str]]:
    """The OC2 rows of the children looked after continuously for 12 months at 31 March
    (their health records read in one query per table)."""
    prefetch_related_objects([child for child, _ in in_oc2], *oc2.OC2_RECORDS)
    return [
        {
            "CHILD": child.la_reference,
            "DOB": fmt(child.date_of_birth),
            **oc2.oc2_values_for(child, period, collection.start, collection.end).as_dict(),
        }
        for child, period in in_oc2
    ]


def _oc3_rows(
    collection: CollectionYear,
    children: QuerySet[Child] | None,
    headers: list[dict[str, str]],
) -> list[dict[str, str]]:
    """The OC3 rows of the year, adding a Header row for each young person in OC3 who is
    not in the return already."""
    from care_leavers.categories import Category, birthday
    from care_leavers.oc3 import birthday_in_year
    from care_leavers.selectors import oc3_values_for, status_from

    base = children if children is not None else Child.objects.all()
    # Born so that a 17th to 21st birthday falls between 1 April and 31 March.
    candidates = (
        base.filter(
            date_of_birth__gte=birthday(collection.start, -21) - timedelta(days=1),
            date_of_birth__lte=birthday(collection.end, -17),
            pk__in=PeriodOfCare.objects.values("child_id"),
        )
        .order_by("la_reference")
        .prefetch_related(
            "periods_of_care",
            "legal_statuses",
            "leaving_care_contacts",
            "leaving_care_accommodation",
            "leaving_care_activity",
            "placements",
        )
    )
    in_header = {h["CHILD"] for h in headers}
    rows = []
    for child in candidates:
        age = birthday_in_year(child.date_of_birth, collection.start, collection.end)
        if age is None:
            continue
        day = birthday(child.date_of_birth, age)
        periods = list(child.periods_of_care.all())
        status = status_from(
            child,
            periods,
            child.legal_statuses.all(),
            day,
            child.placements.all(),
            child.leaving_care_accommodation.all(),
        )
        # Six months at home (reg 3) end relevance, but the 903 still wants the young
        # person, with IN_TOUCH RHOM.
        if (
            status.category not in (Category.RELEVANT, Category.FORMER_RELEVANT)
            and status.returned_home_on is None
        ):
            continue
        if status.left_care_on is None or status.left_care_on >= day:
            continue
        last = max(periods, key=lambda p: p.start_date)
        if last.reason_ceased == codes.ReasonEpisodeCeased.E3:
            continue
        values = oc3_values_for(
            child,
            age,
            child.leaving_care_contacts.all(),
            child.leaving_care_accommodation.all(),
            child.leaving_care_activity.all(),
        )
        if status.returned_home_on is not None and values.in_touch != "DIED":
            values = replace(values, in_touch="RHOM", activ="0", accom="0")
        if child.la_reference not in in_header:
            header = _header_row(child, collection)
            header["MOTHER"] = header["MC_DOB"] = ""
            headers.append(header)
        rows.append(
            {
                "CHILD": child.la_reference,
                "DOB": fmt(child.date_of_birth),
                "IN_TOUCH": values.in_touch,
                "ACTIV": values.activ,
                "ACCOM": values.accom,
            }
        )
    return rows


def _review_rows(
    child: Child, reviews: list[Review], episodes: list[Episode]
) -> list[dict[str, str]]:
    """The Reviews rows of a child: the reviews held in the year (already chosen), except
    those held on a short break. PN0 follows from the child's age on the day; from 4 the
    code is as recorded (a PN0 recorded for a child of 4 or more, or a blank code, is
    left for the DfE's rules 440 and 167 to point out)."""
    short_break_periods = {
        p.pk for p in child.periods_of_care.all() if p.short_break_series_id is not None
    }
    rows = []
    for review in reviews:
        # The episode the child was in that day (a review on the day care ended belongs
        # to the episode that ended).
        episode = next(
            (
                e
                for e in reversed(episodes)
                if e.decom <= review.held_on and (e.dec is None or review.held_on <= e.dec)
            ),
            None,
        )
        if episode is not None and episode.ls in codes.SHORT_BREAK_STATUSES:
            continue
        # A review of a series of short breaks held between breaks (decision 0019).
        if episode is None and review.period_id in short_break_periods:
            continue
        rows.append(
            {
                "CHILD": child.la_reference,
                "DOB": fmt(child.date_of_birth),
                "REVIEW": fmt(review.held_on),
                # The age decides PN0, as when the review is recorded (a code recorded
                # before the date of birth was corrected would contradict it).
                "REVIEW_CODE": codes.participation_for_age(child.date_of_birth, review.held_on)
                or review.participation,
            }
        )
    return rows


UNKNOWN_LA = "999"
UNKNOWN_DATE = "ZZ/ZZ/ZZZZ"


def _prev_perm_row(child: Child, period) -> dict[str, str]:
    """Previous permanence: Z1 stands alone; any other option needs the council and date
    (DfE rule 630), with 999 and ZZ/ZZ/ZZZZ where they are not known (rule 632)."""
    known = period.previous_permanence or codes.PreviousPermanence.P4.value
    other = known != codes.PreviousPermanence.Z1
    return {
        "CHILD": child.la_reference,
        "DOB": fmt(child.date_of_birth),
        "PREV_PERM": known,
        "LA_PERM": (period.previous_permanence_la or UNKNOWN_LA) if other else "",
        "DATE_PERM": (fmt(period.previous_permanence_date) or UNKNOWN_DATE) if other else "",
    }


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


@dataclass(frozen=True)
class ReturnGaps:
    """What the return needs and the record does not say, for someone to record before
    the return is sent: the export leaves these blank rather than make them up."""

    # Social workers allocated in the year with no Social Work England registration
    # number recorded: their SWEpisodes rows have a blank SW_ID (DfE rule SW02STG1).
    workers_without_registration: list[User]
    # Children in OC2 aged 4 to 16 in the year with no SDQ score or reason for none in
    # the year (DfE rules 186, 197B): their page asks for it.
    children_without_sdq: list[str]

    def __bool__(self) -> bool:
        return bool(self.workers_without_registration or self.children_without_sdq)


def return_gaps(*, year: int, rows: dict[Table, list[dict[str, str]]]) -> ReturnGaps:
    """The gaps in a return built by build_return for the year ending 31 March `year`."""
    collection = CollectionYear(year)
    blank_sw = {r["CHILD"] for r in rows[tables.SW_EPISODES] if not r["SW_ID"]}
    workers = (
        User.objects.filter(
            allocations__kind=AllocationKind.SOCIAL_WORKER,
            allocations__child__la_reference__in=blank_sw,
            allocations__start_date__lte=collection.end,
            sw_registration="",
        )
        .filter(
            Q(allocations__end_date__isnull=True) | Q(allocations__end_date__gte=collection.start)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    no_sdq = [
        r["CHILD"]
        for r in rows[tables.OC2]
        if not r["SDQ_SCORE"]
        and not r["SDQ_REASON"]
        and oc2.sdq_ages(
            datetime.strptime(r["DOB"], DATE_FORMAT).date(), collection.start, collection.end
        )
    ]
    return ReturnGaps(
        workers_without_registration=list(workers) if blank_sw else [],
        children_without_sdq=no_sdq,
    )


def write_return(
    *, year: int, out: Path, children: QuerySet[Child] | None = None
) -> dict[str, int]:
    """Write each table as CSV into `out`; returns the number of rows per table."""
    return write_return_with_gaps(year=year, out=out, children=children)[0]


def write_return_with_gaps(
    *, year: int, out: Path, children: QuerySet[Child] | None = None
) -> tuple[dict[str, int], ReturnGaps]:
    """Write each table as CSV into `out`; returns the number of rows per table and what
    the record does not say (return_gaps)."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    rows = build_return(year=year, children=children)
    for table, table_rows in rows.items():
        _write_csv(out / table.filename, table.columns, table_rows)
        counts[table.name] = len(table_rows)
    return counts, return_gaps(year=year, rows=rows)


def _write_csv(path: Path, columns: Iterable[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
