"""Load an SSDA903 return (for example from the system a council is leaving) into the records.

`import_return(directory=..., by=...)` is the one entry point; `manage.py
import_ssda903` is a thin wrapper around it. What it guarantees:

- Tables are found by their header row (`tables.table_for_header`), whatever
  the files are called. Files that hold no 903 table are reported, not read.
- Each child's history is rebuilt from its episodes, in DECOM order, through
  the same services a social worker's changes go through (children.services),
  so the same rules apply: a period of care starts at each RNE S episode and
  ends at the episode whose REC is not X1; a new legal status whenever LS
  changes; a new placement whenever RNE is P, T, B or U. The return does not say
  whether a placement with a parent (P1) was made under reg 19 or a relative or
  friend (U1 to U3) holds a reg 24 temporary approval: both are recorded as no.
- Missing and away-without-authorisation episodes (the Missing table) are
  recorded through casework.services, with the same rules: inside a period of
  care, ending on or after they start, not overlapping, not in the future.
- Child-in-care reviews (the Reviews table) are recorded through
  reviews.services.review_record, in the period of care each was held in, with how
  the child took part (REVIEW_CODE). A review row that cannot be kept (date outside
  every period of care, unknown code, PN0 for a child of 4 or more...) is rejected
  on its own: the child and their other reviews are kept. For a child already
  recorded with the same history, the reviews not yet recorded are added.
- Care leavers (the OC3 table) are recorded through care_leavers.services.oc3_record:
  a contact on the 17th to 21st birthday in the year with the IN_TOUCH outcome, and
  the accommodation and activity from that birthday, unless the record already gives
  the same values. A young person with OC3 rows and no episodes must already be
  recorded (from the return of a year they were looked after): Harbour computes the
  care-leaver category from the care history. A bad OC3 row is refused on its own.
- The OC2 table (health, substance misuse and offending of a child looked after
  continuously for 12 months at 31 March) is recorded as dated records on that 31 March,
  where the record does not already give the row's values (health.oc2 computes
  them, as the export does): an SDQ, an immunisation check, a dental check, a review
  health assessment, a substance misuse record, a conviction or caution. A row the record
  contradicts (a dental check in the year against TEETH_CHECK 0), or that breaks the DfE's
  rules or the health and casework services' on its own, is refused on its own, with its
  line and reason; nothing of it is written. Every child's OC2 rows are checked in one
  pass once the histories are written, and the records kept are written in bulk with
  their history.
- Each child is imported whole or not at all (one savepoint per child). Every
  rejected row is reported with its file, line (the header is line 1), child
  and a reason in plain English; the other rows of a rejected child are
  reported as skipped.
- After a child is written, its episodes are derived again
  (children.episodes) and compared with the return: a child whose history
  would not come back out of Harbour as it went in is rejected, not kept.
- Importing the same files again changes nothing: a child already recorded
  with the same history is reported as unchanged; one recorded with a
  different history is reported and left alone.

Decisions (docs/decisions/0007-ssda903-import.md): SEX 1 and 2, the codes
before 2024/25, are recorded as M and F with a warning; social workers named
by SW_ID become inactive placeholder accounts (`import.sw.<SW_ID>`); the 903
carries no names or nationality, so a child is recorded as "Child <CHILD>" with
nationality ZZ (not yet known).
"""

import codecs
import csv
import io
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from accounts.models import SW_REGISTRATION_PATTERN, Role, Team, User
from accounts.permissions import importing
from casework import services as casework_services
from casework.models import MissingEpisode, MissingKind
from children import codes, services
from children.episodes import episodes_for_child
from children.models import (
    Adoption,
    Allocation,
    AllocationKind,
    Child,
    LegalStatusRecord,
    Nationality,
    Placement,
)
from children.services import Entry, PlacementDetails
from children.validators import normalise_postcode, validate_postcode, validate_upn
from core.dates import long_date
from core.exceptions import ApplicationError
from deadlines import triggers
from deadlines.services import recompute as recompute_deadlines
from reporting.ssda903 import tables
from reporting.ssda903.tables import DATE_FORMAT, Table
from reviews import services as review_services
from reviews.models import Review

logger = logging.getLogger(__name__)

# The tables this version reads, and 903 tables it recognises but does not read yet.
READ_TABLES = (
    tables.HEADER,
    tables.EPISODES,
    tables.UASC,
    tables.SW_EPISODES,
    tables.PREV_PERM,
    tables.AD1,
    tables.PLACED_ADOPTION,
    tables.MISSING,
    tables.REVIEWS,
    tables.OC3,
    tables.OC2,
)
# None now: every 903 table Harbour's records give is read.
NOT_READ_YET: dict[frozenset[str], str] = {}
# A 903 return for a large council is a few megabytes; anything far bigger is not one.
MAX_FILE_BYTES = 200 * 1024 * 1024

# What the return does not carry, and the placeholders recorded instead.
IMPORTED_FIRST_NAME = "Child"
PLACEHOLDER_PREFIX = "import.sw."
IMPORT_USERNAME = "import.ssda903"
LEGACY_SEX = {"1": "M", "2": "F"}

S = codes.ReasonNewEpisode.S.value
X1 = codes.ReasonEpisodeCeased.X1.value
LEGAL_CHANGE_RNE = frozenset("LBU")
PLACEMENT_CHANGE_RNE = frozenset("PTBU")
SAME_CARER_RNE = frozenset("TU")
# A placement order (or the older freeing order) made while a care order stands
# runs alongside it: the care order revives if the placement order is revoked.
CARE_ORDERS = frozenset({"C1", "C2"})
ORDERS_ALONGSIDE_CARE = frozenset({"E1", "D1"})
URN_LENGTH = 8  # Placement.urn
LA_PERM_LENGTH = 100  # PeriodOfCare.previous_permanence_la
REFERENCE_LENGTH = 20  # Child.la_reference
EARLIEST_YEAR = 1900
ADULT_AGE = 18
SW_ID_RE = re.compile(r"^[\w.@+-]{1,100}$")

REJECTED = "rejected"
SKIPPED = "skipped"
WARNING = "warning"
IGNORED = "ignored"
SKIPPED_REASON = "skipped: child rejected"


# --- what the import reports ----------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One line of the report: a rejected, skipped or ignored row, or a warning."""

    file: str
    line: int | None
    child: str
    reason: str
    outcome: str = REJECTED
    # A short, value-free name for the reason, for counting ("unknown PLACE code").
    kind: str = ""


@dataclass
class FileRead:
    name: str
    table: str
    rows: int
    note: str = ""

    @property
    def read(self) -> bool:
        return not self.note


@dataclass
class ImportResult:
    directory: Path
    files: list[FileRead] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    placeholders_created: list[str] = field(default_factory=list)
    # Reviews recorded, and the children already recorded that some were added to.
    reviews_recorded: int = 0
    reviews_added_to: list[str] = field(default_factory=list)
    # Care-leaver records written from OC3 rows, and the young people they were for.
    care_leaver_records: int = 0
    care_leavers: list[str] = field(default_factory=list)
    # Health and offending records written from OC2 rows, and the children they were for.
    oc2_records: int = 0
    oc2_children: list[str] = field(default_factory=list)
    # The 31 March that ends the return's collection year, from the latest date in it.
    collection_end: date | None = None
    seconds: float = 0.0
    dry_run: bool = False

    def by_outcome(self, outcome: str) -> list[Issue]:
        return [i for i in self.issues if i.outcome == outcome]

    def top_reasons(self, limit: int = 10, outcome: str = REJECTED) -> list[tuple[str, int]]:
        return Counter(i.kind or i.reason for i in self.by_outcome(outcome)).most_common(limit)


# --- reading the files ------------------------------------------------------------


@dataclass
class Row:
    table: Table
    file: str
    line: int
    values: dict[str, str]
    # Set when the row cannot be read at all (wrong number of values).
    unreadable: str = ""

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def child(self) -> str:
        return self["CHILD"]

    def issue(self, reason: str, *, outcome: str = REJECTED, kind: str = "") -> Issue:
        return Issue(self.file, self.line, self.child, reason, outcome, kind)


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Exports from older systems are often Windows-1252.
        return data.decode("cp1252", errors="replace")


def read_file(path: Path) -> tuple[FileRead, list[Row], list[Issue]]:
    """Read one file: which table it holds (by its header row) and its rows."""
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return FileRead(name, "", 0, "too large to be an SSDA903 table: not read"), [], []
        text = _decode(path.read_bytes())
    except OSError as exc:
        return FileRead(name, "", 0, f"could not be opened ({exc.strerror}): not read"), [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    table: Table | None = None
    rows: list[Row] = []
    issues: list[Issue] = []
    counted = 0
    last_line = 0
    try:
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue  # blank line
            if header is None:
                header = [f.strip().lstrip("\ufeff").upper() for f in fields]
                while header and not header[-1]:
                    header.pop()
                table = tables.table_for_header(header)
                if table is None or len(set(header)) != len(header):
                    other = NOT_READ_YET.get(frozenset(header))
                    if other is None:
                        note = "not an SSDA903 table (its header row matches none): ignored"
                        return FileRead(name, "", 0, note), [], []
                    table = Table(other, name, tuple(header))
                continue
            counted += 1
            if table not in READ_TABLES:
                continue
            values = [f.strip() for f in fields]
            # Spreadsheets often leave empty cells after the last column.
            while len(values) > len(header) and not values[-1]:
                values.pop()
            row = Row(table, name, start, dict(zip(header, values, strict=False)))
            if len(values) != len(header):
                row.unreadable = (
                    f"has {len(values)} values where the {table.name} table has "
                    f"{len(header)} columns"
                )
            rows.append(row)
    except csv.Error as exc:
        if table is None or table not in READ_TABLES:
            return (
                FileRead(name, "", 0, "not an SSDA903 table (not readable as CSV): ignored"),
                [],
                [],
            )
        # A table that breaks part-way would give children half a history: read none of it.
        reason = f"could not be read as CSV at line {last_line + 1} ({exc}): no row of it was read"
        issues.append(Issue(name, last_line + 1, "", reason, REJECTED, "file not readable as CSV"))
        return FileRead(name, table.name, 0, "not readable as CSV: not read"), [], issues
    if header is None or table is None:
        return FileRead(name, "", 0, "empty: ignored"), [], []
    if table not in READ_TABLES:
        return FileRead(name, table.name, counted, "an SSDA903 table not imported yet"), [], []
    return FileRead(name, table.name, counted), rows, issues


# --- checking values ----------------------------------------------------------------


class _Problem(Exception):
    """Something in the return that Harbour cannot keep; rejects the child."""

    def __init__(self, row: Row, reason: str, kind: str = ""):
        super().__init__(reason)
        self.row = row
        self.reason = reason
        self.kind = kind or _kind(reason)


class _ChildRejected(Exception):
    def __init__(self, problems: list[_Problem]):
        super().__init__(problems[0].reason)
        self.problems = problems


def _kind(reason: str) -> str:
    """A short name for a reason, without the values: what comes before the first colon,
    without trailing dates."""
    head = reason.split(":", 1)[0]
    head = re.sub(r"\s+(on|from|by|after|before)?\s*\d{1,2}[ /]\w+[ /]\d{4}.*$", "", head)
    return head.strip()


def _line(other: Row, of: Row) -> str:
    """Where `other` is, said from the report line of `of`."""
    return f"line {other.line}" if other.file == of.file else f"{other.file} line {other.line}"


def _fmt(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def _parse_date(row: Row, column: str, *, required: bool = False) -> date | None:
    raw = row[column]
    if not raw:
        if required:
            raise _Problem(row, f"{column} is blank", f"{column} is blank")
        return None
    try:
        value = datetime.strptime(raw, DATE_FORMAT).date()
    except ValueError:
        raise _Problem(
            row,
            f"{column} '{raw}' is not a date in the form dd/mm/yyyy",
            "date not in the form dd/mm/yyyy",
        ) from None
    if value.year < EARLIEST_YEAR:
        raise _Problem(row, f"{column} '{raw}' is before {EARLIEST_YEAR}", "date before 1900")
    return value


def _parse_date_perm(row: Row, warnings: list[Issue]) -> date | None:
    """DATE_PERM may give unknown parts as ZZ (DfE rule 632; the export writes
    ZZ/ZZ/ZZZZ when the date is not recorded). Harbour keeps a whole date or none."""
    raw = row["DATE_PERM"].upper()
    if "ZZ" not in raw:
        return _parse_date(row, "DATE_PERM")
    if not re.fullmatch(r"(\d\d|ZZ)/(\d\d|ZZ)/(\d{4}|ZZZZ)", raw):
        raise _Problem(
            row,
            f"DATE_PERM '{row['DATE_PERM']}' is not a date in the form dd/mm/yyyy (ZZ for a "
            "part not known)",
            "date not in the form dd/mm/yyyy",
        )
    if raw != "ZZ/ZZ/ZZZZ":
        warnings.append(
            row.issue(
                f"DATE_PERM {raw} is known only in part: not kept (recorded as not known)",
                outcome=WARNING,
                kind="DATE_PERM known only in part: not kept",
            )
        )
    return None


def _mother_as_returned(sex: str, is_mother: bool | None) -> bool | None:
    """MOTHER as the export writes it: for a girl, not recorded reads as 0."""
    return bool(is_mother) if sex == "F" else None


def _parse_code(
    row: Row, column: str, allowed: Collection[str], what: str, *, required: bool = True
) -> str:
    raw = row[column].upper()
    if not raw:
        if required:
            raise _Problem(row, f"{column} is blank: give the {what}", f"{column} is blank")
        return ""
    if raw in allowed:
        return raw
    retired = codes.RETIRED.get((column, raw))
    if retired:
        raise _Problem(
            row,
            f"{column} {raw} is a code the DfE retired on {long_date(retired)}, which "
            f"Harbour no longer records: give the {what} with a current code",
            f"retired {column} code",
        )
    raise _Problem(
        row,
        f"{column} '{raw}' is not a {what} code in the {codes.CODE_LIST_YEAR} list",
        f"unknown {column} code",
    )


def _parse_flag(row: Row, column: str) -> bool | None:
    raw = row[column]
    # Tables that passed through pandas or a spreadsheet carry 1.0 for 1.
    if raw in ("1", "1.0"):
        return True
    if raw in ("0", "0.0"):
        return False
    if not raw:
        return None
    raise _Problem(row, f"{column} '{raw}' must be 1 or 0", f"{column} not 1 or 0")


def _postcode_or_blank(row: Row, column: str, warnings: list[Issue]) -> str:
    """A postcode that is not a real one is left out (with a warning), not the child:
    a wrong postcode is a gap to fill in, not a reason to lose a child's history."""
    try:
        return _parse_postcode(row, column)
    except _Problem as problem:
        warnings.append(
            row.issue(f"{problem.reason}: not kept", outcome=WARNING, kind="postcode not kept")
        )
        return ""


def _parse_postcode(row: Row, column: str) -> str:
    raw = row[column]
    if not raw:
        return ""
    try:
        validate_postcode(raw)
    except ValidationError:
        raise _Problem(
            row, f"{column} '{raw}' is not a real UK postcode", "postcode not valid"
        ) from None
    return normalise_postcode(raw)


def _not_future(row: Row, column: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise _Problem(row, f"{column} {_fmt(value)} is in the future", "date in the future")


T = TypeVar("T")


class _Collector:
    """Gathers every problem in a child's rows, so that one report lists them all."""

    def __init__(self) -> None:
        self.problems: list[_Problem] = []

    def get(self, default: T, read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`read(*args, **kwargs)`, or `default` with the problem noted."""
        try:
            return read(*args, **kwargs)
        except _Problem as problem:
            self.problems.append(problem)
            return default

    def check(self) -> None:
        if self.problems:
            raise _ChildRejected(self.problems)


# --- what a child's rows say ----------------------------------------------------------

EPISODE_FIELDS = (
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
PLACEMENT_FIELDS = ("PLACE", "PLACE_PROVIDER", "HOME_POST", "PL_POST", "URN")


@dataclass
class _Episode:
    row: Row
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    dec: date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str
    # What Harbour keeps, where it differs from the row (set while planning).
    kept_rne: str = ""
    kept_cin: str = ""
    kept_reason_place_change: str = ""

    def placement_values(self) -> dict[str, str]:
        return {
            "PLACE": self.place,
            "PLACE_PROVIDER": self.provider,
            "HOME_POST": self.home_post,
            "PL_POST": self.pl_post,
            "URN": self.urn,
        }

    def kept(self) -> tuple[Any, ...]:
        return (
            self.decom,
            self.kept_rne,
            self.ls,
            self.kept_cin,
            self.place,
            self.provider,
            self.dec,
            self.rec,
            self.kept_reason_place_change,
            self.home_post,
            self.pl_post,
            self.urn,
        )


@dataclass
class _Period:
    episodes: list[_Episode]

    @property
    def start(self) -> date:
        return self.episodes[0].decom

    @property
    def end(self) -> date | None:
        return self.episodes[-1].dec

    @property
    def reason(self) -> str:
        return self.episodes[-1].rec

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class _SocialWorker:
    row: Row
    sw_id: str
    start: date
    end: date | None
    reason: str

    @property
    def username(self) -> str:
        return f"{PLACEHOLDER_PREFIX}{self.sw_id}"

    @property
    def registration(self) -> str:
        """The SW_ID as a Social Work England registration number, or "" if it is not one."""
        return self.sw_id if re.match(SW_REGISTRATION_PATTERN, self.sw_id) else ""

    @property
    def key(self) -> str:
        """Who the worker is, as _worker_key says of an account."""
        return self.registration or self.username


def _worker_key(worker: User | None) -> str:
    """A social worker by their registration number, else by their account."""
    if worker is None:
        return ""
    return worker.sw_registration or worker.username


@dataclass
class _PreviousPermanence:
    row: Row
    code: str
    la: str
    on: date | None


@dataclass
class _Adoption:
    rows: list[Row]
    decision: date
    match: date | None = None
    ceased: date | None = None
    ceased_reason: str = ""
    foster_carers: bool | None = None
    adopters: int | None = None
    adopters_sex: str = ""
    adopters_legal_status: str = ""
    period: _Period | None = None


@dataclass
class _Missing:
    row: Row
    kind: str
    start: date
    end: date | None


@dataclass
class _Review:
    row: Row
    held_on: date
    participation: str
    # Reported when the review is recorded (REVIEW_CODE changed to PN0).
    warning: Issue | None = None


@dataclass
class _Plan:
    """A child as the return describes them, checked and shaped as Harbour keeps them."""

    reference: str
    header: Row
    rows: list[Row]
    sex: str
    date_of_birth: date
    ethnicity: str
    upn: str
    upn_unknown_reason: str
    is_mother: bool | None
    mothers_child_dob: date | None
    uasc: bool = False
    uasc_end: date | None = None
    periods: list[_Period] = field(default_factory=list)
    social_workers: list[_SocialWorker] = field(default_factory=list)
    previous_permanence: _PreviousPermanence | None = None
    adoptions: list[_Adoption] = field(default_factory=list)
    missing: list[_Missing] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # Reviews are kept or refused row by row: a refused review does not reject the child.
    reviews: list[_Review] = field(default_factory=list)
    review_issues: list[Issue] = field(default_factory=list)
    reviews_recorded: int = 0

    @property
    def episodes(self) -> list[_Episode]:
        return [e for p in self.periods for e in p.episodes]

    def snapshot(self) -> "_Snapshot":
        latest = self.previous_permanence
        return _Snapshot(
            identity=(
                self.sex,
                self.date_of_birth,
                self.ethnicity,
                self.upn,
                self.upn_unknown_reason,
                _mother_as_returned(self.sex, self.is_mother),
                self.mothers_child_dob,
                self.uasc,
                self.uasc_end,
            ),
            episodes=[e.kept() for e in self.episodes],
            social_workers=[(s.key, s.start, s.end, s.reason) for s in self.social_workers],
            previous_permanence=(latest.code, latest.la, latest.on) if latest else ("", "", None),
            adoptions=[
                (
                    a.decision,
                    a.match,
                    a.ceased,
                    a.ceased_reason,
                    a.foster_carers,
                    a.adopters,
                    a.adopters_sex,
                    a.adopters_legal_status,
                    a.period.start if a.period else None,
                )
                for a in self.adoptions
            ],
            missing=[(m.kind, m.start, m.end) for m in self.missing],
        )


def _parse_header(row: Row, c: _Collector, warnings: list[Issue]) -> dict[str, Any]:
    raw_sex = row["SEX"].upper()
    sex = ""
    if raw_sex in LEGACY_SEX:
        sex = LEGACY_SEX[raw_sex]
        warnings.append(
            row.issue(
                f"SEX {raw_sex} is the code used before 2024/25 (retired by the DfE from "
                f"{long_date(codes.RETIRED[('SEX', raw_sex)])}): recorded as {sex}",
                outcome=WARNING,
                kind="SEX 1/2 recorded as M/F",
            )
        )
    else:
        sex = c.get("", _parse_code, row, "SEX", ("M", "F", "U"), "sex (M, F or U)")
    dob = c.get(None, _parse_date, row, "DOB", required=True)
    c.get(None, _not_future, row, "DOB", dob)
    ethnicity = c.get(
        "", _parse_code, row, "ETHNIC", codes.Ethnicity.values, "ethnicity", required=False
    )
    if not row["ETHNIC"]:
        ethnicity = codes.Ethnicity.NOBT.value
        warnings.append(
            row.issue(
                "ETHNIC is blank: recorded as NOBT (information not yet obtained)",
                outcome=WARNING,
                kind="ETHNIC blank: recorded as NOBT",
            )
        )
    upn, upn_unknown_reason = "", ""
    raw_upn = row["UPN"].upper().replace(" ", "")
    if raw_upn in codes.UPNUnknownReason.values:
        upn_unknown_reason = raw_upn
    elif raw_upn:
        try:
            validate_upn(raw_upn)
            upn = raw_upn
        except ValidationError as exc:
            # UN5 is the DfE's own code for a UPN not yet obtained because of errors in it.
            upn_unknown_reason = codes.UPNUnknownReason.UN5.value
            warnings.append(
                row.issue(
                    f"UPN '{raw_upn}': {exc.messages[0]}; recorded as UN5 (UPN not yet "
                    "obtained because of errors) to be corrected",
                    outcome=WARNING,
                    kind="UPN not valid: recorded as UN5",
                )
            )
    is_mother = c.get(None, _parse_flag, row, "MOTHER")
    mc_dob = c.get(None, _parse_date, row, "MC_DOB")
    if sex != "F" and (is_mother is not None or mc_dob):
        warnings.append(
            row.issue(
                f"MOTHER and MC_DOB are kept for girls and young women only (SEX is {sex}): "
                "not kept",
                outcome=WARNING,
                kind="MOTHER given for a child not recorded as female",
            )
        )
        is_mother, mc_dob = None, None
    elif is_mother and mc_dob is None:
        c.problems.append(
            _Problem(row, "MOTHER is 1 but MC_DOB is blank: give her child's date of birth")
        )
    elif mc_dob and not is_mother:
        c.problems.append(_Problem(row, "MC_DOB is given but MOTHER is not 1"))
    elif mc_dob and dob:
        c.get(None, _not_future, row, "MC_DOB", mc_dob)
        if mc_dob <= dob:
            c.problems.append(
                _Problem(
                    row,
                    f"MC_DOB {_fmt(mc_dob)} is not after the child's own date of birth {_fmt(dob)}",
                    "MC_DOB not after the child's date of birth",
                )
            )
    return {
        "sex": sex,
        "date_of_birth": dob,
        "ethnicity": ethnicity,
        "upn": upn,
        "upn_unknown_reason": upn_unknown_reason,
        "is_mother": is_mother,
        "mothers_child_dob": mc_dob,
    }


def _parse_episode(row: Row, c: _Collector, warnings: list[Issue]) -> _Episode | None:
    before = len(c.problems)
    decom = c.get(None, _parse_date, row, "DECOM", required=True)
    dec = c.get(None, _parse_date, row, "DEC")
    c.get(None, _not_future, row, "DECOM", decom)
    c.get(None, _not_future, row, "DEC", dec)
    rne = c.get(
        "", _parse_code, row, "RNE", codes.ReasonNewEpisode.values, "reason for new episode"
    )
    ls = c.get("", _parse_code, row, "LS", codes.LegalStatus.values, "legal status")
    cin = c.get("", _parse_code, row, "CIN", codes.CategoryOfNeed.values, "category of need")
    place = c.get("", _parse_code, row, "PLACE", codes.PlacementType.values, "placement type")
    provider = c.get(
        "",
        _parse_code,
        row,
        "PLACE_PROVIDER",
        codes.PlacementProvider.values,
        "placement provider",
        # Temporary and 'other' placements have no provider (DfE rule 213).
        required=place not in codes.NO_PROVIDER_PLACEMENTS,
    )
    rec = c.get(
        "",
        _parse_code,
        row,
        "REC",
        codes.ReasonEpisodeCeased.values,
        "reason episode ceased",
        required=False,
    )
    reason = c.get(
        "",
        _parse_code,
        row,
        "REASON_PLACE_CHANGE",
        codes.ReasonPlaceChange.values,
        "reason for placement change",
        required=False,
    )
    home_post = _postcode_or_blank(row, "HOME_POST", warnings)
    pl_post = _postcode_or_blank(row, "PL_POST", warnings)
    urn = row["URN"].upper()
    if len(urn) > URN_LENGTH:
        c.problems.append(_Problem(row, f"URN '{urn}' is longer than 8 characters", "URN too long"))
    if decom and dec:
        if dec < decom:
            c.problems.append(
                _Problem(
                    row,
                    f"the episode ends (DEC {_fmt(dec)}) before it starts (DECOM {_fmt(decom)})",
                    "episode ends before it starts",
                )
            )
        elif dec == decom:
            c.problems.append(
                _Problem(
                    row,
                    f"the episode starts and ends on the same day ({_fmt(dec)}): "
                    "an episode lasts at least one day",
                    "episode starts and ends on the same day",
                )
            )
    if dec and not rec:
        c.problems.append(_Problem(row, "DEC is given but REC is blank: say why the episode ended"))
    if rec and not dec:
        # An open episode with a reason for ending: the episode is still open, so the
        # stray REC is left out rather than the child (DfE rule 148 wants both or neither).
        warnings.append(
            row.issue(
                f"REC is {rec} but DEC is blank: the episode is taken as open and REC is not kept",
                outcome=WARNING,
                kind="REC without DEC: taken as open",
            )
        )
        rec = ""
    if len(c.problems) > before or decom is None:
        return None
    return _Episode(
        row=row,
        decom=decom,
        rne=rne,
        ls=ls,
        cin=cin,
        place=place,
        provider=provider,
        dec=dec,
        rec=rec,
        reason_place_change=reason,
        home_post=home_post,
        pl_post=pl_post,
        urn=urn,
    )


def _periods(episodes: list[_Episode], warnings: list[Issue]) -> list[_Period]:
    """Split the episodes (in DECOM order) into periods of care, checking how they link."""
    periods: list[_Period] = []
    for index, episode in enumerate(episodes):
        if index == 0:
            if episode.rne != S:
                warnings.append(
                    episode.row.issue(
                        f"the child's first episode in the return has RNE {episode.rne}, not S: "
                        f"the period of care is recorded from its DECOM {_fmt(episode.decom)} "
                        "(it may have started earlier)",
                        outcome=WARNING,
                        kind="first episode is not RNE S",
                    )
                )
            periods.append(_Period([episode]))
            continue
        before = episodes[index - 1]
        if before.rec == X1:
            if before.dec != episode.decom:
                raise _Problem(
                    before.row,
                    f"the episode ends with X1 on {_fmt(before.dec)}, so the next episode "
                    f"starts that day, but the next ({_line(episode.row, before.row)}) starts on "
                    f"{_fmt(episode.decom)}",
                    "episodes overlap or leave a gap",
                )
            if episode.rne == S:
                raise _Problem(
                    episode.row,
                    "RNE is S (started to be looked after) but the episode before "
                    f"({_line(before.row, episode.row)}) ended with X1, so care had not stopped",
                    "RNE S in the middle of a period of care",
                )
            periods[-1].episodes.append(episode)
        elif before.rec:
            assert before.dec is not None
            if episode.rne != S:
                raise _Problem(
                    episode.row,
                    f"RNE is {episode.rne}, but care ended on {_fmt(before.dec)} "
                    f"({_line(before.row, episode.row)}, REC {before.rec}), so this episode "
                    "starts a new period of care and must have RNE S",
                    "new period of care without RNE S",
                )
            if episode.decom <= before.dec:
                raise _Problem(
                    episode.row,
                    f"a new period of care must start after the last one ended on "
                    f"{_fmt(before.dec)} ({_line(before.row, episode.row)})",
                    "new period of care starts before the last one ended",
                )
            periods.append(_Period([episode]))
        else:
            raise _Problem(
                before.row,
                f"the episode has no end (DEC and REC are blank) but a later episode "
                f"({_line(episode.row, before.row)}) starts on {_fmt(episode.decom)}",
                "open episode followed by another",
            )
    last = episodes[-1]
    if last.rec == X1:
        raise _Problem(
            last.row,
            f"the episode ends with X1 on {_fmt(last.dec)} (a new episode begins), but the "
            "return has no episode starting that day",
            "X1 with no following episode",
        )
    for period in periods:
        _check_period(period, warnings)
    return periods


def _check_period(period: _Period, warnings: list[Issue]) -> None:
    """Check what each episode says changed against what did, and shape what Harbour keeps."""
    first = period.episodes[0]
    for index, episode in enumerate(period.episodes):
        episode.kept_rne = S if index == 0 else episode.rne
        episode.kept_cin = first.cin
        if episode.cin != first.cin:
            warnings.append(
                episode.row.issue(
                    f"CIN {episode.cin} differs from {first.cin}, the category of need the "
                    f"period of care started with ({_line(first.row, episode.row)}): Harbour "
                    f"keeps one category of need per period of care, {first.cin}",
                    outcome=WARNING,
                    kind="CIN changes within a period of care",
                )
            )
        following = period.episodes[index + 1] if index + 1 < len(period.episodes) else None
        if following is not None and following.rne in PLACEMENT_CHANGE_RNE:
            if not episode.reason_place_change:
                raise _Problem(
                    episode.row,
                    "REASON_PLACE_CHANGE is blank, but the placement changes on the next episode "
                    f"({_line(following.row, episode.row)}): say why this placement ended",
                    "REASON_PLACE_CHANGE blank before a placement change",
                )
            episode.kept_reason_place_change = episode.reason_place_change
        elif episode.reason_place_change:
            warnings.append(
                episode.row.issue(
                    f"REASON_PLACE_CHANGE {episode.reason_place_change} is not kept: the placement "
                    "does not change after this episode",
                    outcome=WARNING,
                    kind="REASON_PLACE_CHANGE without a placement change",
                )
            )
        if index == 0:
            continue
        before = period.episodes[index - 1]
        legal_changed = episode.ls != before.ls
        if episode.rne in LEGAL_CHANGE_RNE and not legal_changed:
            raise _Problem(
                episode.row,
                f"RNE {episode.rne} says the legal status changed, but LS is {episode.ls} as on "
                f"the episode before ({_line(before.row, episode.row)})",
                "RNE says the legal status changed but LS did not",
            )
        if episode.rne not in LEGAL_CHANGE_RNE and legal_changed:
            raise _Problem(
                episode.row,
                f"RNE {episode.rne} says the legal status did not change, but LS changed from "
                f"{before.ls} to {episode.ls} (that is RNE B, U or L)",
                "LS changed but RNE says it did not",
            )
        if episode.rne == "L":
            changed = [
                f"{name} from '{before.placement_values()[name]}' to '{value}'"
                for name, value in episode.placement_values().items()
                if before.placement_values()[name] != value
            ]
            if changed:
                raise _Problem(
                    episode.row,
                    "RNE L says only the legal status changed, but "
                    + ", ".join(changed)
                    + " (a placement change is RNE P, T, B or U)",
                    "RNE L but the placement changed",
                )
    _check_police_protection(period)


def _check_police_protection(period: _Period) -> None:
    """L1 lasts at most 72 hours. The services check this when an L1 ends; the return may
    also leave one open, which no service would allow to run on."""
    episodes = period.episodes
    for index, episode in enumerate(episodes):
        if episode.ls != codes.POLICE_PROTECTION or (
            index > 0 and episodes[index - 1].ls == codes.POLICE_PROTECTION
        ):
            continue
        later = [e for e in episodes[index + 1 :] if e.ls != codes.POLICE_PROTECTION]
        ended = later[0].decom if later else period.end
        if ended is None and timezone.localdate() > episode.decom + timedelta(days=3):
            raise _Problem(
                episode.row,
                f"Police protection lasts at most 72 hours: L1 started on "
                f"{_fmt(episode.decom)} and the return leaves it running",
            )


def _parse_social_workers(rows: list[Row], c: _Collector) -> list[_SocialWorker]:
    parsed: list[_SocialWorker] = []
    for row in rows:
        before = len(c.problems)
        sw_id = row["SW_ID"]
        if not sw_id:
            c.problems.append(_Problem(row, "SW_ID is blank", "SW_ID is blank"))
        elif not SW_ID_RE.match(sw_id):
            c.problems.append(
                _Problem(
                    row,
                    f"SW_ID '{sw_id}' is not an identifier Harbour can keep (letters, numbers "
                    "and . @ + - _ only)",
                    "SW_ID not valid",
                )
            )
        start = c.get(None, _parse_date, row, "SW_DECOM", required=True)
        end = c.get(None, _parse_date, row, "SW_DEC")
        reason = c.get(
            "",
            _parse_code,
            row,
            "SW_REASON",
            codes.SWChangeReason.values,
            "reason the social worker was allocated",
            required=False,
        )
        c.get(None, _not_future, row, "SW_DECOM", start)
        c.get(None, _not_future, row, "SW_DEC", end)
        if start and end and end < start:
            c.problems.append(
                _Problem(
                    row,
                    f"the allocation ends (SW_DEC {_fmt(end)}) before it starts "
                    f"(SW_DECOM {_fmt(start)})",
                    "social worker episode ends before it starts",
                )
            )
        if len(c.problems) == before and start is not None:
            parsed.append(_SocialWorker(row, sw_id, start, end, reason))
    parsed.sort(key=lambda s: s.start)
    for before_sw, after in zip(parsed, parsed[1:], strict=False):
        if before_sw.end is None or after.start < before_sw.end:
            c.problems.append(
                _Problem(
                    after.row,
                    f"this social worker episode starts on {_fmt(after.start)}, while the one "
                    f"on {_line(before_sw.row, after.row)} has not ended",
                    "social worker episodes overlap",
                )
            )
        elif after.start == before_sw.end:
            # SW_REASON says why a social worker was allocated: the one taking over
            # must give it (DfE rule SW13STG1).
            if not after.reason:
                c.problems.append(
                    _Problem(
                        after.row,
                        "SW_REASON is blank, but this social worker takes over from the one "
                        f"on {_line(before_sw.row, after.row)}: say why the social worker "
                        "changed",
                        "SW_REASON blank at a change of social worker",
                    )
                )
            if before_sw.sw_id == after.sw_id:
                c.problems.append(
                    _Problem(
                        after.row,
                        f"{after.sw_id} is already allocated until the day this episode starts "
                        f"({_line(before_sw.row, after.row)})",
                        "the same social worker allocated again",
                    )
                )
    return parsed


def _parse_adoptions(ad1_rows: list[Row], placed_rows: list[Row], c: _Collector) -> list[_Adoption]:
    by_decision: dict[date, _Adoption] = {}
    seen: dict[tuple[str, date], Row] = {}

    def adoption_for(row: Row, table: str, decision: date) -> _Adoption:
        if (table, decision) in seen:
            raise _Problem(
                row,
                f"two {table} rows for the decision of {_fmt(decision)} disagree "
                f"(this one and {_line(seen[table, decision], row)})",
                "conflicting rows for one child",
            )
        seen[table, decision] = row
        adoption = by_decision.setdefault(decision, _Adoption(rows=[], decision=decision))
        adoption.rows.append(row)
        return adoption

    for row in ad1_rows:
        before = len(c.problems)
        decision = c.get(None, _parse_date, row, "DATE_INT", required=True)
        match = c.get(None, _parse_date, row, "DATE_MATCH")
        foster = c.get(None, _parse_flag, row, "FOSTER_CARE")
        raw_number = row["NB_ADOPTR"]
        number = {"1": 1, "1.0": 1, "2": 2, "2.0": 2}.get(raw_number)
        if raw_number and number is None:
            c.problems.append(
                _Problem(row, f"NB_ADOPTR '{raw_number}' must be 1 or 2", "NB_ADOPTR not 1 or 2")
            )
        sex = c.get(
            "",
            _parse_code,
            row,
            "SEX_ADOPTR",
            codes.AdopterSex.values,
            "adopters' sex",
            required=False,
        )
        legal = c.get(
            "",
            _parse_code,
            row,
            "LS_ADOPTR",
            codes.AdopterLegalStatus.values,
            "adopters' legal status",
            required=False,
        )
        if decision and match and match < decision:
            c.problems.append(
                _Problem(
                    row,
                    f"DATE_MATCH {_fmt(match)} is before DATE_INT {_fmt(decision)}, the decision "
                    "that the child should be placed for adoption",
                    "adoption match before the decision",
                )
            )
        c.get(None, _not_future, row, "DATE_MATCH", match)
        if len(c.problems) > before or decision is None:
            continue
        ad1 = c.get(None, adoption_for, row, "AD1", decision)
        if ad1 is not None:
            ad1.match = match
            ad1.foster_carers = foster
            ad1.adopters = number
            ad1.adopters_sex = sex
            ad1.adopters_legal_status = legal
    for row in placed_rows:
        before = len(c.problems)
        decision = c.get(None, _parse_date, row, "DATE_PLACED", required=True)
        ceased = c.get(None, _parse_date, row, "DATE_PLACED_CEASED")
        reason = c.get(
            "",
            _parse_code,
            row,
            "REASON_PLACED_CEASED",
            codes.ReasonPlacedCeased.values,
            "reason the child is no longer to be placed for adoption",
            required=False,
        )
        c.get(None, _not_future, row, "DATE_PLACED_CEASED", ceased)
        if ceased and not reason:
            c.problems.append(
                _Problem(
                    row,
                    "DATE_PLACED_CEASED is given but REASON_PLACED_CEASED is blank: say why the "
                    "child is no longer to be placed for adoption",
                )
            )
        if reason and not ceased:
            c.problems.append(
                _Problem(row, "REASON_PLACED_CEASED is given but DATE_PLACED_CEASED is blank")
            )
        if decision and ceased and ceased < decision:
            c.problems.append(
                _Problem(
                    row,
                    f"DATE_PLACED_CEASED {_fmt(ceased)} is before DATE_PLACED {_fmt(decision)}",
                    "adoption decision ceased before it was made",
                )
            )
        if len(c.problems) > before or decision is None:
            continue
        placed = c.get(None, adoption_for, row, "PlacedAdoption", decision)
        if placed is not None:
            placed.ceased = ceased
            placed.ceased_reason = reason
    adoptions = sorted(by_decision.values(), key=lambda a: a.decision)
    for adoption in adoptions:
        first = adoption.rows[0]
        column = "DATE_INT" if first.table is tables.AD1 else "DATE_PLACED"
        c.get(None, _not_future, first, column, adoption.decision)
    for earlier, later in zip(adoptions, adoptions[1:], strict=False):
        if earlier.ceased is None or later.decision < earlier.ceased:
            c.problems.append(
                _Problem(
                    later.rows[0],
                    f"the decision of {_fmt(later.decision)} to place the child for adoption was "
                    f"made while the one of {_fmt(earlier.decision)} "
                    f"({_line(earlier.rows[0], later.rows[0])}) still stood",
                    "adoption decisions overlap",
                )
            )
    return adoptions


def _parse_missing(rows: list[Row], c: _Collector) -> list[_Missing]:
    """The Missing rows, in order; each checked on its own and against the others (the
    checks against the periods of care are the service's, when the child is written)."""
    found: list[_Missing] = []
    for row in rows:
        before = len(c.problems)
        kind = c.get(
            "", _parse_code, row, "MISSING", MissingKind.values, "missing type", required=True
        )
        start = c.get(None, _parse_date, row, "MIS_START", required=True)
        end = c.get(None, _parse_date, row, "MIS_END")
        c.get(None, _not_future, row, "MIS_START", start)
        c.get(None, _not_future, row, "MIS_END", end)
        if start and end and end < start:
            c.problems.append(
                _Problem(
                    row,
                    f"MIS_END {_fmt(end)} is before MIS_START {_fmt(start)}",
                    "MIS_END before MIS_START",
                )
            )
        if start and len(c.problems) == before:
            found.append(_Missing(row, kind, start, end))
    found.sort(key=lambda m: m.start)
    for earlier, later in zip(found, found[1:], strict=False):
        if earlier.end is None or later.start < earlier.end or later.start == earlier.start:
            c.problems.append(
                _Problem(
                    later.row,
                    f"the missing episode from {_fmt(later.start)} overlaps the one from "
                    f"{_fmt(earlier.start)} ({_line(earlier.row, later.row)})",
                    "missing episodes overlap",
                )
            )
    return found


def _one(rows: list[Row], table: str, c: _Collector) -> Row | None:
    """The child's only row in a table that has one row per child."""
    if len(rows) > 1:
        lines = ", ".join(str(r.line) for r in rows)
        for row in rows[1:]:
            c.problems.append(
                _Problem(
                    row,
                    f"the child has {len(rows)} different rows in the {table} table "
                    f"(lines {lines}); there should be one",
                    "conflicting rows for one child",
                )
            )
        return None
    return rows[0] if rows else None


def _same_dob(row: Row, dob: date | None, c: _Collector) -> None:
    if dob is None or not row["DOB"]:
        return
    given = c.get(None, _parse_date, row, "DOB")
    if given and given != dob:
        c.problems.append(
            _Problem(
                row,
                f"DOB {_fmt(given)} differs from the date of birth in the Header table "
                f"({_fmt(dob)})",
                "DOB differs from the Header",
            )
        )


def plan_child(reference: str, rows: list[Row]) -> _Plan:
    """Check a child's rows and shape them as Harbour keeps them; raises _ChildRejected."""
    c = _Collector()
    warnings: list[Issue] = []
    by_table: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.unreadable and row.table is not tables.REVIEWS:
            c.problems.append(_Problem(row, row.unreadable, "row has the wrong number of values"))
        else:
            by_table[row.table.name].append(row)
    if len(reference) > REFERENCE_LENGTH:
        c.problems.append(
            _Problem(rows[0], f"CHILD '{reference}' is longer than 20 characters", "CHILD too long")
        )
    header = _one(by_table[tables.HEADER.name], "Header", c)
    if header is None:
        if not c.problems:
            c.problems.append(
                _Problem(
                    rows[0],
                    f"CHILD {reference} has no row in the Header table",
                    "no Header row for the child",
                )
            )
        raise _ChildRejected(c.problems)
    identity = _parse_header(header, c, warnings)
    dob: date | None = identity["date_of_birth"]

    episodes = [e for r in by_table[tables.EPISODES.name] if (e := _parse_episode(r, c, warnings))]
    if not by_table[tables.EPISODES.name]:
        c.problems.append(
            _Problem(
                header,
                "the child has no episodes: Harbour records a child from their periods of care",
                "no episodes for the child",
            )
        )

    uasc_row = _one(by_table[tables.UASC.name], "UASC", c)
    uasc_end: date | None = None
    if uasc_row is not None:
        _same_dob(uasc_row, dob, c)
        uasc_end = c.get(None, _parse_date, uasc_row, "DUC")
        raw_sex = uasc_row["SEX"].upper()
        uasc_sex = LEGACY_SEX.get(raw_sex, raw_sex)
        if uasc_sex and identity["sex"] and uasc_sex != identity["sex"]:
            c.problems.append(
                _Problem(
                    uasc_row,
                    f"SEX {raw_sex} differs from the Header table's",
                    "SEX differs from the Header",
                )
            )
        if uasc_end and dob and uasc_end <= dob:
            c.problems.append(
                _Problem(
                    uasc_row,
                    f"DUC {_fmt(uasc_end)} is not after the date of birth",
                    "DUC not after the date of birth",
                )
            )

    for row in by_table[tables.SW_EPISODES.name]:
        _same_dob(row, dob, c)
    social_workers = _parse_social_workers(by_table[tables.SW_EPISODES.name], c)

    prev_row = _one(by_table[tables.PREV_PERM.name], "PrevPerm", c)
    previous: _PreviousPermanence | None = None
    if prev_row is not None:
        _same_dob(prev_row, dob, c)
        before = len(c.problems)
        code = c.get(
            "",
            _parse_code,
            prev_row,
            "PREV_PERM",
            codes.PreviousPermanence.values,
            "previous permanence",
            required=False,
        )
        on = c.get(None, _parse_date_perm, prev_row, warnings)
        c.get(None, _not_future, prev_row, "DATE_PERM", on)
        la = prev_row["LA_PERM"]
        if (la or on) and not code:
            c.problems.append(
                _Problem(prev_row, "LA_PERM or DATE_PERM is given but PREV_PERM is blank")
            )
        if len(la) > LA_PERM_LENGTH:
            c.problems.append(
                _Problem(prev_row, f"LA_PERM is longer than {LA_PERM_LENGTH} characters")
            )
        if on and dob and on < dob:
            c.problems.append(
                _Problem(
                    prev_row,
                    f"DATE_PERM {_fmt(on)} is before the child's date of birth",
                    "DATE_PERM before the date of birth",
                )
            )
        if code and len(c.problems) == before:
            previous = _PreviousPermanence(prev_row, code, la, on)

    for row in by_table[tables.AD1.name] + by_table[tables.PLACED_ADOPTION.name]:
        _same_dob(row, dob, c)
    adoptions = _parse_adoptions(
        by_table[tables.AD1.name], by_table[tables.PLACED_ADOPTION.name], c
    )
    for adoption in adoptions:
        if dob and adoption.decision < dob:
            c.problems.append(
                _Problem(
                    adoption.rows[0],
                    f"the decision to place the child for adoption ({_fmt(adoption.decision)}) "
                    "is before their date of birth",
                    "adoption decision before the date of birth",
                )
            )
    for row in by_table[tables.MISSING.name]:
        _same_dob(row, dob, c)
    missing = _parse_missing(by_table[tables.MISSING.name], c)
    c.check()

    # Every row reads; now how the episodes fit together.
    assert dob is not None
    episodes.sort(key=lambda e: e.decom)
    for earlier, later in zip(episodes, episodes[1:], strict=False):
        if earlier.decom == later.decom:
            raise _ChildRejected(
                [
                    _Problem(
                        later.row,
                        f"two different episodes start on {_fmt(later.decom)} "
                        f"(this one and {_line(earlier.row, later.row)})",
                        "two episodes start on the same day",
                    )
                ]
            )
    try:
        periods = _periods(episodes, warnings)
        for period in periods:
            age = codes.age_on(dob, period.start)
            if age >= ADULT_AGE:
                raise _Problem(
                    period.episodes[0].row,
                    f"the child was {age} on DECOM {_fmt(period.start)}: a child starts to be "
                    "looked after before their 18th birthday",
                    "child 18 or over when care started",
                )
        if previous and previous.on and previous.on > periods[-1].start:
            raise _Problem(
                previous.row,
                f"DATE_PERM {_fmt(previous.on)} is after the latest period of care started on "
                f"{_fmt(periods[-1].start)}: previous permanence comes before care",
                "DATE_PERM after care started",
            )
        for adoption in adoptions:
            adoption.period = next((p for p in periods if p.contains(adoption.decision)), None)
            if adoption.period is None and adoption.decision < periods[0].start:
                # The return holds the collection year's episodes only.
                adoption.period = periods[0]
            if adoption.period is None:
                raise _Problem(
                    adoption.rows[0],
                    f"the decision to place the child for adoption ({_fmt(adoption.decision)}) "
                    "falls outside every period of care in the return",
                    "adoption decision outside every period of care",
                )
    except _Problem as problem:
        raise _ChildRejected([problem]) from None
    reviews, review_issues = _plan_reviews(by_table[tables.REVIEWS.name], dob, periods)
    return _Plan(
        reference=reference,
        header=header,
        rows=rows,
        uasc=uasc_row is not None,
        uasc_end=uasc_end,
        periods=periods,
        social_workers=social_workers,
        previous_permanence=previous,
        adoptions=adoptions,
        missing=missing,
        warnings=warnings,
        reviews=reviews,
        review_issues=review_issues,
        **identity,
    )


def _plan_reviews(
    rows: list[Row], dob: date, periods: list[_Period]
) -> tuple[list[_Review], list[Issue]]:
    """The child's reviews that can be kept, one a day, and the rows refused with their
    reasons. A refused review leaves the rest of the child's history alone."""
    refused: list[Issue] = []
    found: list[_Review] = []
    for row in sorted(rows, key=lambda r: (r.file, r.line)):
        if row.unreadable:
            refused.append(row.issue(row.unreadable, kind="row has the wrong number of values"))
            continue
        c = _Collector()
        _same_dob(row, dob, c)
        held_on = c.get(None, _parse_date, row, "REVIEW", required=True)
        c.get(None, _not_future, row, "REVIEW", held_on)
        code = c.get(
            "",
            _parse_code,
            row,
            "REVIEW_CODE",
            codes.ParticipationCode.values,
            "participation (how the child took part in the review)",
        )
        warnings: list[Issue] = []
        if held_on is not None and code and not c.problems:
            code = _participation(row, dob, held_on, code, c, warnings)
            opening = periods[0].episodes[0]
            if held_on < opening.decom and opening.rne != S:
                c.problems.append(
                    _Problem(
                        row,
                        f"REVIEW {_fmt(held_on)} is before the child's first episode in the "
                        f"return ({_line(opening.row, row)}, DECOM {_fmt(opening.decom)}), "
                        f"whose RNE {opening.rne} says care began earlier: the period of care is "
                        "recorded from that DECOM, so the review cannot be placed in it",
                        "review before the first episode in the return",
                    )
                )
            elif not any(
                p.start <= held_on and (p.end is None or held_on <= p.end) for p in periods
            ):
                c.problems.append(
                    _Problem(
                        row,
                        f"REVIEW {_fmt(held_on)} is not within a period of care in the return "
                        f"({_periods_in_words(periods)}): a review is held while the child is "
                        "looked after",
                        "review outside every period of care",
                    )
                )
        if c.problems or held_on is None:
            refused += [p.row.issue(p.reason, kind=p.kind) for p in c.problems]
            continue
        found.append(_Review(row, held_on, code, warnings[0] if warnings else None))
    by_day: dict[date, list[_Review]] = defaultdict(list)
    for review in found:
        by_day[review.held_on].append(review)
    kept: list[_Review] = []
    for day, same_day in sorted(by_day.items()):
        first = same_day[0]
        if all(r.participation == first.participation for r in same_day):
            kept.append(first)
            refused += [
                r.row.issue(
                    f"the same review as {_line(first.row, r.row)}: ignored",
                    outcome=IGNORED,
                    kind="duplicate row",
                )
                for r in same_day[1:]
            ]
            continue
        lines = ", ".join(_line(r.row, first.row) for r in same_day)
        refused += [
            r.row.issue(
                f"the return gives different REVIEW_CODEs for the review of {_fmt(day)} "
                f"({lines}): a child has one review a day, and which is right is not "
                "known, so none is kept",
                kind="different reviews on the same day",
            )
            for r in same_day
        ]
    return kept, refused


def _participation(
    row: Row, dob: date, held_on: date, code: str, c: _Collector, warnings: list[Issue]
) -> str:
    """REVIEW_CODE against the child's age that day: PN0 is for a child under 4 only
    (DfE rule 440); a child under 4 took part as PN0 whatever the row says (rule 441; the
    review service records it so)."""
    under_four = codes.participation_for_age(dob, held_on)
    if code == codes.UNDER_FOUR_PARTICIPATION and under_four is None:
        c.problems.append(
            _Problem(
                row,
                f"REVIEW_CODE PN0 is for a child under 4, but the child was "
                f"{codes.age_on(dob, held_on)} on {_fmt(held_on)}: give how they took part "
                "(PN1 to PN7)",
                "PN0 for a child aged 4 or over",
            )
        )
    elif under_four is not None and code != under_four:
        warnings.append(
            row.issue(
                f"REVIEW_CODE {code} for a child under 4 on {_fmt(held_on)}: recorded as "
                f"{under_four} (child aged under 4)",
                outcome=WARNING,
                kind="REVIEW_CODE for a child under 4: recorded as PN0",
            )
        )
        return under_four
    return code


def _periods_in_words(periods: list[_Period]) -> str:
    return "; ".join(
        f"{_fmt(p.start)} to {_fmt(p.end)}" if p.end else f"from {_fmt(p.start)}" for p in periods
    )


# --- comparing with what Harbour holds --------------------------------------------------

IDENTITY_FIELDS = (
    "SEX",
    "DOB",
    "ETHNIC",
    "UPN",
    "UPN unknown reason",
    "MOTHER",
    "MC_DOB",
    "UASC",
    "DUC",
)


@dataclass
class _Snapshot:
    """The fields Harbour keeps from a return, for one child, in a comparable form."""

    identity: tuple[Any, ...]
    episodes: list[tuple[Any, ...]]
    social_workers: list[tuple[Any, ...]]
    previous_permanence: tuple[Any, ...]
    adoptions: list[tuple[Any, ...]]
    missing: list[tuple[Any, ...]]


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return _fmt(value)
    if value is None or value == "":
        return "blank"
    return str(value)


def _difference(held: _Snapshot, plan: _Plan) -> str:
    """The first way Harbour's record differs from the return, in words; "" if none."""
    wanted = plan.snapshot()
    for name, a, b in zip(IDENTITY_FIELDS, held.identity, wanted.identity, strict=True):
        if a != b:
            return f"{name} is {_show(a)} in Harbour and {_show(b)} in the return"
    episodes = plan.episodes
    for index, (a, b) in enumerate(zip(held.episodes, wanted.episodes, strict=False)):
        for name, x, y in zip(EPISODE_FIELDS, a, b, strict=True):
            if x != y:
                return (
                    f"the episode of {_fmt(b[0])} (line {episodes[index].row.line}): {name} is "
                    f"{_show(x)} in Harbour and {_show(y)} in the return"
                )
    if len(held.episodes) != len(wanted.episodes):
        return f"Harbour has {len(held.episodes)} episodes and the return {len(wanted.episodes)}"
    if held.social_workers != wanted.social_workers:
        return "the social worker episodes differ"
    if held.previous_permanence != wanted.previous_permanence:
        return "the previous permanence differs"
    if held.adoptions != wanted.adoptions:
        return "the adoption dates differ"
    if held.missing != wanted.missing:
        return "the missing episodes differ"
    return ""


def _held(
    child: Child, *, social_workers: bool = True, adoptions: bool = True, missing: bool = True
) -> _Snapshot:
    """What Harbour holds for `child` (a fresh instance is read in full; for a child just
    written, the tables the plan wrote nothing to may be left unread)."""
    lookups: list[str | Prefetch] = [
        "periods_of_care",
        Prefetch("legal_statuses", queryset=LegalStatusRecord.objects.order_by("start_date", "pk")),
        Prefetch("placements", queryset=Placement.objects.order_by("start_date", "pk")),
    ]
    if social_workers:
        lookups.append(
            Prefetch(
                "allocations",
                queryset=Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER)
                .select_related("worker")
                .order_by("start_date", "pk"),
                to_attr="sw_allocations",
            )
        )
    if adoptions:
        lookups.append(
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related("period").order_by("decision_date"),
                to_attr="adoption_list",
            )
        )
    if missing:
        lookups.append(
            Prefetch(
                "missing_episodes",
                queryset=MissingEpisode.objects.order_by("start_date", "pk"),
                to_attr="missing_list",
            )
        )
    prefetch_related_objects([child], *lookups)
    periods = sorted(child.periods_of_care.all(), key=lambda p: p.start_date)
    latest = periods[-1] if periods else None
    return _Snapshot(
        identity=(
            child.sex,
            child.date_of_birth,
            child.ethnicity,
            child.upn,
            child.upn_unknown_reason,
            _mother_as_returned(child.sex, child.is_mother),
            child.mothers_child_dob,
            child.uasc,
            child.uasc_end,
        ),
        episodes=[
            (
                e.decom,
                e.rne,
                e.ls,
                e.cin,
                e.place,
                e.place_provider,
                e.dec,
                e.rec,
                e.reason_place_change,
                e.home_post,
                e.pl_post,
                e.urn,
            )
            for e in episodes_for_child(child)
        ],
        social_workers=[
            (_worker_key(a.worker), a.start_date, a.end_date, a.start_reason)
            for a in getattr(child, "sw_allocations", [])
        ],
        previous_permanence=(
            latest.previous_permanence,
            latest.previous_permanence_la,
            latest.previous_permanence_date,
        )
        if latest and latest.previous_permanence
        else ("", "", None),
        adoptions=[
            (
                a.decision_date,
                a.match_date,
                a.ceased_date,
                a.ceased_reason,
                a.adopters_were_foster_carers,
                a.number_of_adopters,
                a.adopters_sex,
                a.adopters_legal_status,
                a.period.start_date,
            )
            for a in getattr(child, "adoption_list", [])
        ],
        missing=[(m.kind, m.start_date, m.end_date) for m in getattr(child, "missing_list", [])],
    )


# --- writing a child ----------------------------------------------------------------------


class _Writer:
    """Writes planned children through the services; keeps the placeholder accounts."""

    def __init__(self, *, by: User, team: Team | None):
        self.by = by
        self.team = team
        self.workers: dict[str, User] = {
            u.username: u for u in User.objects.filter(username__startswith=PLACEHOLDER_PREFIX)
        }
        # Staff known by their Social Work England registration number (the SW_ID).
        self.registered: dict[str, User] = {
            u.sw_registration: u for u in User.objects.exclude(sw_registration="")
        }

    def write(self, plan: _Plan) -> tuple[Child, list[User]]:
        """Write one child; raises _Problem (tied to a row) when a rule refuses it. The caller
        holds the savepoint."""
        child = self._child(plan)
        for index, period in enumerate(plan.periods):
            self._period(child, period, latest=index == len(plan.periods) - 1, plan=plan)
        created = self._social_workers(child, plan)
        self._adoptions(child, plan)
        if self.team is not None:
            Allocation.objects.create(
                child=child,
                kind=AllocationKind.TEAM,
                team=self.team,
                start_date=plan.periods[0].start,
            )
        # What goes in must come out: derive the episodes again and compare.
        self._missing(child, plan)
        written = _held(
            child,
            social_workers=bool(plan.social_workers),
            adoptions=bool(plan.adoptions),
            missing=bool(plan.missing),
        )
        difference = _difference(written, plan)
        if difference:
            raise _Problem(
                plan.header,
                f"the history Harbour would keep does not match the return: {difference}",
                "history would not match the return",
            )
        plan.reviews_recorded = self.reviews(child, plan, held={})
        return child, created

    def reviews(self, child: Child, plan: _Plan, *, held: dict[date, str]) -> int:
        """Record the plan's reviews not already `held` (date -> REVIEW_CODE), each through
        the review service in a savepoint of its own: one it refuses is reported and the
        others stand. Returns the number recorded; refusals go to plan.review_issues."""
        recorded = 0
        for review in plan.reviews:
            already = held.get(review.held_on)
            if already == review.participation:
                continue  # the same review, recorded before
            if already is not None:
                plan.review_issues.append(
                    review.row.issue(
                        f"a review held on {_fmt(review.held_on)} is already recorded for the "
                        f"child, with REVIEW_CODE {already or 'blank'}: nothing was changed",
                        kind="a different review already recorded that day",
                    )
                )
                continue
            try:
                review_services.review_record(
                    child=child,
                    held_on=review.held_on,
                    participation=review.participation,
                    imported=True,
                    by=self.by,
                )
            except ApplicationError as exc:
                plan.review_issues.append(review.row.issue(exc.message, kind=_kind(exc.message)))
                continue
            recorded += 1
            if review.warning is not None:
                plan.review_issues.append(review.warning)
        return recorded

    def _child(self, plan: _Plan) -> Child:
        # Not services.child_register: the return names no social worker for the day care
        # started (register would allocate the importer) and no date the child became a
        # UASC. The checks register makes that apply are made here and in plan_child.
        child = Child(
            la_reference=plan.reference,
            first_name=IMPORTED_FIRST_NAME,
            last_name=plan.reference,
            date_of_birth=plan.date_of_birth,
            sex=plan.sex,
            ethnicity=plan.ethnicity,
            upn=plan.upn,
            upn_unknown_reason=plan.upn_unknown_reason,
            uasc=plan.uasc,
            uasc_end=plan.uasc_end,
            is_mother=plan.is_mother,
            mothers_child_dob=plan.mothers_child_dob,
        )
        try:
            # The reference was checked, ignoring case, before the child was planned.
            child.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise _Problem(plan.header, "; ".join(exc.messages)) from None
        child.save()
        Nationality.objects.create(child=child, country=codes.NATIONALITY_NOT_KNOWN)
        return child

    def _period(self, child: Child, period: _Period, *, latest: bool, plan: _Plan) -> None:
        first = period.episodes[0]
        previous = plan.previous_permanence if latest else None
        with _row(first.row):
            services.period_of_care_start(
                child=child,
                entry=Entry(
                    start_date=first.decom,
                    category_of_need=first.cin,
                    legal_status=first.ls,
                    placement=_placement(first, same_carer=False),
                    previous_permanence=previous.code if previous else "",
                    previous_permanence_la=previous.la if previous else "",
                    previous_permanence_date=previous.on if previous else None,
                ),
                by=self.by,
            )
        statuses = list(child.legal_statuses.filter(end_date__isnull=True))
        for before, episode in zip(period.episodes, period.episodes[1:], strict=False):
            with _row(episode.row):
                if episode.ls != before.ls:
                    statuses = self._legal_change(child, statuses, episode)
                if episode.rne in PLACEMENT_CHANGE_RNE:
                    services.placement_change(
                        child=child,
                        details=_placement(episode, same_carer=episode.rne in SAME_CARER_RNE),
                        reason_for_change=before.reason_place_change,
                        planned_ending=None,
                        by=self.by,
                    )
        last = period.episodes[-1]
        if last.dec is not None:
            with _row(last.row):
                services.period_of_care_end(
                    child=child, end_date=last.dec, reason=last.rec, by=self.by
                )

    def _legal_change(
        self, child: Child, current: list[LegalStatusRecord], episode: _Episode
    ) -> list[LegalStatusRecord]:
        """The legal status the episode carries is the one that governs: when the child
        returns to an order still held, the one above it ends; a placement order made under
        a care order runs alongside it; otherwise the new status replaces the old."""
        held = next((s for s in current if s.code == episode.ls), None)
        if held is not None:
            for status in current:
                if status is not held:
                    services.legal_status_end(status=status, end_date=episode.decom, by=self.by)
            return [held]
        alongside = episode.ls in ORDERS_ALONGSIDE_CARE and all(
            s.code in CARE_ORDERS for s in current
        )
        record = services.legal_status_change(
            child=child,
            code=episode.ls,
            start_date=episode.decom,
            ends=[] if alongside else current,
            by=self.by,
        )
        return [*current, record] if alongside else [record]

    def _social_workers(self, child: Child, plan: _Plan) -> list[User]:
        # Written directly, not through services.allocation_change: a 903 SW episode may end
        # with no successor, or leave a gap before the next. plan_child has made the checks
        # allocation_change makes (order, overlap, a reason at each change, no future dates).
        created: list[User] = []
        for episode in plan.social_workers:
            worker = self.registered.get(episode.registration) or self.workers.get(episode.username)
            if worker is None:
                worker = User.objects.filter(username=episode.username).first()
            if worker is None:
                worker = _placeholder(episode.sw_id, episode.registration)
                created.append(worker)
                self.workers[worker.username] = worker
                if worker.sw_registration:
                    self.registered[worker.sw_registration] = worker
            allocation = Allocation(
                child=child,
                kind=AllocationKind.SOCIAL_WORKER,
                worker=worker,
                start_date=episode.start,
                end_date=episode.end,
                start_reason=episode.reason,
            )
            with _row(episode.row):
                allocation.full_clean()
            allocation.save()
        return created

    def _adoptions(self, child: Child, plan: _Plan) -> None:
        if not plan.adoptions:
            return
        periods = {p.start_date: p for p in child.periods_of_care.all()}
        for planned in plan.adoptions:
            assert planned.period is not None
            adoption = Adoption(
                child=child,
                period=periods[planned.period.start],
                decision_date=planned.decision,
                match_date=planned.match,
                ceased_date=planned.ceased,
                ceased_reason=planned.ceased_reason,
                adopters_were_foster_carers=planned.foster_carers,
                number_of_adopters=planned.adopters,
                adopters_sex=planned.adopters_sex,
                adopters_legal_status=planned.adopters_legal_status,
            )
            with _row(planned.rows[0]):
                adoption.full_clean()
            adoption.save()

    def _missing(self, child: Child, plan: _Plan) -> None:
        for planned in plan.missing:
            with _row(planned.row):
                casework_services.missing_episode_record(
                    child=child,
                    kind=planned.kind,
                    start_date=planned.start,
                    end_date=planned.end,
                    by=self.by,
                )


def _placement(episode: _Episode, *, same_carer: bool) -> PlacementDetails:
    # The 903 says whether a child lives with a parent (PLACE P1) and with a relative or
    # friend (U1 to U3), not whether the placement was made under reg 19 before the
    # parent's assessment, or the carer holds a reg 24 temporary approval: both are
    # recorded as no (decision 0018). A child at home under an interim or full care order
    # still gets the visits of reg 28(4) or (5): those follow from PLACE and LS.
    return PlacementDetails(
        placement_type=episode.place,
        provider=episode.provider,
        start_date=episode.decom,
        urn=episode.urn,
        postcode=episode.pl_post,
        home_postcode=episode.home_post,
        same_carer_as_previous=same_carer,
        placed_before_assessment=False,
        temporary_approval=False,
    )


def _placeholder(sw_id: str, registration: str) -> User:
    """An inactive account standing for a social worker the return names only by SW_ID.
    It cannot sign in; an administrator can later give it the person's name, or move the
    allocations to the person's own account. An SW_ID in the form of a Social Work England
    registration number is kept as the account's registration number, so the export
    reports it again."""
    user = User(
        username=f"{PLACEHOLDER_PREFIX}{sw_id}",
        first_name="Social worker",
        last_name=sw_id,
        role=Role.SOCIAL_WORKER,
        is_active=False,
        job_title="Named in an imported SSDA903 return",
        sw_registration=registration,
    )
    user.set_unusable_password()
    user.save()
    return user


def import_user() -> User:
    """The account imports are recorded against when no person is named: inactive, and
    unable to sign in."""
    user = User.objects.filter(username=IMPORT_USERNAME).first()
    if user is None:
        user = User(
            username=IMPORT_USERNAME,
            first_name="SSDA903",
            last_name="import",
            role=Role.ADMINISTRATOR,
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
    return user


@contextmanager
def _row(row: Row) -> Iterator[None]:
    """Tie a refusal by the services or the model rules to the row that caused it."""
    try:
        yield
    except ApplicationError as exc:
        raise _Problem(row, exc.message) from None
    except ValidationError as exc:
        raise _Problem(row, "; ".join(exc.messages)) from None


@contextmanager
def _history_user(user: User) -> Iterator[None]:
    """Record `user` as the author of every history row written (as the request middleware
    does for a page)."""
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        with suppress(AttributeError):
            del HistoricalRecords.context.request


# --- the import ---------------------------------------------------------------------------


def _group(rows: list[Row], result: ImportResult) -> dict[str, list[Row]]:
    """Each child's rows, in table order, without exact duplicates (reported as ignored)."""
    order = {t.name: i for i, t in enumerate(READ_TABLES)}
    rows = sorted(rows, key=lambda r: (order[r.table.name], r.file, r.line))
    by_child: dict[str, list[Row]] = {}
    seen: dict[tuple[str, frozenset[tuple[str, str]]], Row] = {}
    for row in rows:
        if not row.child:
            result.issues.append(
                row.issue("CHILD is blank: the row belongs to no child", kind="CHILD is blank")
            )
            continue
        key = (row.table.name, frozenset(row.values.items()))
        if key in seen and not row.unreadable:
            first = seen[key]
            result.issues.append(
                row.issue(
                    f"the same as {first.file} line {first.line}: ignored",
                    outcome=IGNORED,
                    kind="duplicate row",
                )
            )
            continue
        seen[key] = row
        by_child.setdefault(row.child, []).append(row)
    return by_child


def _reject(result: ImportResult, reference: str, rows: list[Row], problems: list[_Problem]):
    result.rejected.append(reference)
    reported = set()
    for problem in problems:
        result.issues.append(problem.row.issue(problem.reason, kind=problem.kind))
        reported.add(id(problem.row))
    for row in rows:
        if id(row) not in reported:
            result.issues.append(row.issue(SKIPPED_REASON, outcome=SKIPPED, kind=SKIPPED_REASON))


@importing()
def import_return(
    *,
    directory: Path,
    by: User,
    team: Team | None = None,
    dry_run: bool = False,
    year: int | None = None,
) -> ImportResult:
    """Import the SSDA903 return in `directory`. Called by `manage.py import_ssda903`.

    Every child is written whole or not at all, and a rejected child never stops the
    others: the result lists what was imported, unchanged and rejected, and why.
    `team`, if given, holds every child imported (from the start of their first period of
    care in the return), so that its members can see them. With `dry_run` everything is
    checked and written, then rolled back. `year` is the year the return's collection
    year ends (2026 for 2025/26), which says which birthday an OC3 row is about; by
    default it is worked out from the latest date in the return, or else taken as the
    latest collection year to have ended.

    Raises ApplicationError only when `directory` is missing or holds no table to import.
    """
    started = time.perf_counter()
    if not directory.is_dir():
        raise ApplicationError(f"{directory} is not a folder", field="directory")
    result = ImportResult(directory=directory, dry_run=dry_run)
    rows: list[Row] = []
    for path in sorted(directory.iterdir()):
        if not path.is_file():
            continue
        read, file_rows, file_issues = read_file(path)
        result.files.append(read)
        result.issues += file_issues
        rows += file_rows
    if not any(f.read for f in result.files):
        raise ApplicationError(
            f"{directory} holds no SSDA903 table to import (Header, Episodes, UASC, "
            "SWEpisodes, PrevPerm, AD1, PlacedAdoption, Missing, Reviews, OC3, OC2)",
            field="directory",
        )
    by_child = _group(rows, result)
    result.collection_end = date(year, 3, 31) if year else _return_year_end(rows)
    existing = {ref.lower(): pk for pk, ref in Child.objects.values_list("pk", "la_reference")}
    # The deadlines of the children imported are recomputed in one set-based pass after
    # the import commits, rather than one task per child (deadlines.triggers).
    with triggers.suspended(), _history_user(by), transaction.atomic():
        writer = _Writer(by=by, team=team)
        oc2_queue: _Oc2Queue = []
        for reference in sorted(by_child):
            _import_child(reference, by_child[reference], writer, existing, result, oc2_queue)
        _write_oc2(oc2_queue, result)
        if dry_run:
            transaction.set_rollback(True)
    # Children already recorded who were given reviews have new deadlines too.
    changed = result.imported + result.reviews_added_to + result.care_leavers + result.oc2_children
    if changed and not dry_run:
        recompute_deadlines(
            child_ids=Child.objects.filter(la_reference__in=changed).values_list("pk", flat=True)
        )
    result.seconds = time.perf_counter() - started
    return result


def _import_child(
    reference: str,
    rows: list[Row],
    writer: _Writer,
    existing: dict[str, int],
    result: ImportResult,
    oc2_queue: "_Oc2Queue",
) -> None:
    try:
        _import_checked_child(reference, rows, writer, existing, result, oc2_queue)
    except Exception as exc:
        # A defect met on one child's rows must not stop the rest of the import; the
        # child's savepoint has been rolled back.
        logger.exception("SSDA903 import: child %s", reference)
        _forget_all(writer)
        _reject(
            result,
            reference,
            rows,
            [
                _Problem(
                    rows[0],
                    f"could not be imported because of an unexpected error "
                    f"({type(exc).__name__}): please report it",
                    "unexpected error",
                )
            ],
        )


def _import_checked_child(
    reference: str,
    rows: list[Row],
    writer: _Writer,
    existing: dict[str, int],
    result: ImportResult,
    oc2_queue: "_Oc2Queue",
) -> None:
    oc3_rows = [r for r in rows if r.table is tables.OC3]
    oc2_rows = [r for r in rows if r.table is tables.OC2]
    history_rows = [r for r in rows if r.table not in (tables.OC3, tables.OC2)]
    if oc3_rows and not any(r.table is tables.EPISODES for r in history_rows):
        _import_care_leaver(reference, rows, oc3_rows, existing, result, oc2_queue)
        return
    if not history_rows:
        _reject(
            result,
            reference,
            rows,
            [
                _Problem(
                    rows[0],
                    f"CHILD {reference} is in OC2 but has no row in the Header table",
                    "no Header row for the child",
                )
            ],
        )
        return
    try:
        plan = plan_child(reference, history_rows)
    except _ChildRejected as rejected:
        _reject(result, reference, rows, rejected.problems)
        return
    pk = existing.get(reference.lower())
    if pk is not None:
        difference = _difference(_held(Child.objects.get(pk=pk)), plan)
        if difference:
            _reject(
                result,
                reference,
                rows,
                [
                    _Problem(
                        plan.header,
                        f"a child with LA reference {reference} is already recorded with a "
                        f"different history ({difference}): nothing was changed",
                        "already recorded with a different history",
                    )
                ],
            )
        else:
            result.unchanged.append(reference)
            _add_reviews(Child.objects.get(pk=pk), plan, writer, result)
            _add_oc3(Child.objects.get(pk=pk), oc3_rows, result)
            _add_oc2(Child.objects.get(pk=pk), oc2_rows, oc2_queue)
        return
    try:
        with transaction.atomic():
            child, created = writer.write(plan)
    except _Problem as problem:
        _forget(writer, plan)
        _reject(result, reference, rows, [problem])
        return
    except DatabaseError as exc:
        _forget(writer, plan)
        _reject(
            result,
            reference,
            rows,
            [
                _Problem(
                    plan.header,
                    f"the database refused the child's history ({exc})",
                    "the database refused the history",
                )
            ],
        )
        return
    existing[reference.lower()] = child.pk
    result.imported.append(reference)
    result.placeholders_created += [u.username for u in created]
    result.issues += plan.warnings + plan.review_issues
    result.reviews_recorded += plan.reviews_recorded
    _add_oc3(child, oc3_rows, result)
    _add_oc2(child, oc2_rows, oc2_queue)


def _import_care_leaver(
    reference: str,
    rows: list[Row],
    oc3_rows: list[Row],
    existing: dict[str, int],
    result: ImportResult,
    oc2_queue: "_Oc2Queue",
) -> None:
    """A young person in OC3 who was not looked after in the year: their care history
    is already recorded, and the OC3 rows are added to it."""
    pk = existing.get(reference.lower())
    if pk is None:
        _reject(
            result,
            reference,
            rows,
            [
                _Problem(
                    oc3_rows[0],
                    f"CHILD {reference} is in OC3 with no episodes and is not recorded: "
                    "import the return of a year they were looked after first (the "
                    "care-leaver category comes from the care history)",
                    "care leaver not recorded",
                )
            ],
        )
        return
    child = Child.objects.get(pk=pk)
    for row in rows:
        if row.table is tables.HEADER:
            try:
                dob = _parse_date(row, "DOB") if not row.unreadable else None
            except _Problem as problem:
                _reject(result, reference, rows, [problem])
                return
            if dob is not None and dob != child.date_of_birth:
                _reject(
                    result,
                    reference,
                    rows,
                    [
                        _Problem(
                            row,
                            f"DOB {_fmt(dob)} differs from the date of birth recorded "
                            f"({_fmt(child.date_of_birth)}): nothing was changed",
                            "DOB differs from the record",
                        )
                    ],
                )
                return
    result.unchanged.append(reference)
    _add_oc3(child, oc3_rows, result)
    _add_oc2(child, [r for r in rows if r.table is tables.OC2], oc2_queue)


def _add_oc3(child: Child, oc3_rows: list[Row], result: ImportResult) -> None:
    """Record each OC3 row of the young person (care_leavers.services.oc3_record); a row
    that cannot be kept is refused on its own, with its reason."""
    from care_leavers import services as care_leaver_services

    if not oc3_rows:
        return
    user = import_user()
    written = 0
    for row in oc3_rows:
        if row.unreadable:
            result.issues.append(
                row.issue(row.unreadable, kind="row has the wrong number of values")
            )
            continue
        try:
            dob = _parse_date(row, "DOB", required=True)
        except _Problem as problem:
            result.issues.append(row.issue(problem.reason, kind=problem.kind))
            continue
        if dob != child.date_of_birth:
            result.issues.append(
                row.issue(
                    f"DOB {_fmt(dob)} differs from the date of birth recorded "
                    f"({_fmt(child.date_of_birth)})",
                    kind="OC3 DOB differs from the record",
                )
            )
            continue
        values = {c: row[c].strip().upper() for c in ("IN_TOUCH", "ACTIV", "ACCOM")}
        if not any(values.values()):
            continue
        age = _oc3_age(child.date_of_birth, result)
        try:
            with transaction.atomic():
                if age is None:
                    raise ApplicationError(
                        "no 17th to 21st birthday falls in the collection year of the return",
                        field="DOB",
                    )
                written += care_leaver_services.oc3_record(
                    child=child,
                    age=age,
                    in_touch=values["IN_TOUCH"],
                    activ=values["ACTIV"] or "0",
                    accom=values["ACCOM"] or "0",
                    by=user,
                )
        except ApplicationError as error:
            result.issues.append(
                row.issue(error.message, kind=f"OC3 {error.field or 'row'} refused")
            )
        except ValidationError as error:
            result.issues.append(row.issue("; ".join(error.messages), kind="OC3 row refused"))
    if written:
        result.care_leaver_records += written
        result.care_leavers.append(child.la_reference)


def _oc3_age(dob: date, result: ImportResult) -> int | None:
    """The birthday (17 to 21) in the return's collection year. The year is the one the
    return's episodes and reviews belong to: the latest 31 March on or before the
    latest date in them, or else today's collection year."""
    from care_leavers.oc3 import birthday_in_year

    end = result.collection_end or _last_year_end(timezone.localdate())
    return birthday_in_year(dob, date(end.year - 1, 4, 1), end)


# --- OC2 ------------------------------------------------------------------------------------

OC2_FLAGS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
OC2_NOTE = "From an SSDA903 return (OC2)"


# The children and their OC2 rows, in the order the import reached them.
_Oc2Queue = list[tuple[Child, list[Row]]]


def _add_oc2(child: Child, oc2_rows: list[Row], oc2_queue: _Oc2Queue) -> None:
    """Queue the child's OC2 rows: they are recorded for every child at once, after the
    children's histories (_write_oc2)."""
    if oc2_rows:
        oc2_queue.append((child, oc2_rows))


def _write_oc2(oc2_queue: _Oc2Queue, result: ImportResult) -> None:
    """Record what each queued OC2 row says about the collection year. The children's care
    histories and OC2 records are read in one pass; each row is checked against them, with
    what the child's earlier rows add; what the rows kept add is written in bulk, with its
    history. A row refused (with its line and reason) adds nothing and leaves the others.

    A record the services might refuse (dated after today or before the birth, a second
    one on the day, an assessment on a day out of care, a conviction under 10) is written
    through them instead, in a savepoint of the row's own, so that the refusal is theirs."""
    from health import oc2

    if not oc2_queue:
        return
    user = import_user()
    end = result.collection_end or _last_year_end(timezone.localdate())
    start = date(end.year - 1, 4, 1)
    children = Child.objects.prefetch_related(
        "periods_of_care", "legal_statuses", *oc2.OC2_RECORDS
    ).in_bulk([child.pk for child, _ in oc2_queue])
    pending: list[Any] = []
    for queued, oc2_rows in oc2_queue:
        child = children[queued.pk]
        records = {name: list(getattr(child, name).all()) for name in oc2.OC2_RECORDS}
        written = 0
        for row in oc2_rows:
            if row.unreadable:
                result.issues.append(
                    row.issue(row.unreadable, kind="row has the wrong number of values")
                )
                continue
            warnings: list[Issue] = []
            try:
                parsed = _parse_oc2(row, child, start, end)
                if parsed is None:
                    continue
                values, period = parsed
                held = oc2.oc2_values_of(
                    records,
                    date_of_birth=child.date_of_birth,
                    period=period,
                    year_start=start,
                    year_end=end,
                )
                added = _oc2_records(child, values, held, records, start, end)
                with_added = {
                    name: kept + [r for n, r in added if n == name]
                    for name, kept in records.items()
                }
                after = (
                    oc2.oc2_values_of(
                        with_added,
                        date_of_birth=child.date_of_birth,
                        period=period,
                        year_start=start,
                        year_end=end,
                    )
                    if added
                    else held
                )
                if all(_oc2_accepted(child, name, r, records) for name, r in added):
                    _check_oc2_kept(row, values, after, start, end, warnings)
                    pending += [r for _, r in added]
                else:
                    _create_oc2_records(pending)
                    pending = []
                    with transaction.atomic():
                        for name, record in added:
                            _record_oc2(name, record, user)
                        _check_oc2_kept(row, values, after, start, end, warnings)
            except _Problem as problem:
                result.issues.append(row.issue(problem.reason, kind=problem.kind))
                continue
            except ApplicationError as error:
                result.issues.append(
                    row.issue(
                        f"{error.message} ({_fmt(end)}, from the OC2 row)",
                        kind=f"OC2 {error.field or 'row'} refused",
                    )
                )
                continue
            except Exception as exc:
                # A defect met on one row must not stop the rest of the import; the row's
                # savepoint, if it had one, has been rolled back.
                logger.exception("SSDA903 import: OC2 row %s line %s", row.file, row.line)
                result.issues.append(
                    row.issue(
                        f"could not be imported because of an unexpected error "
                        f"({type(exc).__name__}): please report it",
                        kind="unexpected error",
                    )
                )
                continue
            records = with_added
            written += len(added)
            result.issues += warnings
        if written:
            result.oc2_records += written
            result.oc2_children.append(child.la_reference)
    _create_oc2_records(pending)


def _oc2_flag(row: Row, column: str) -> str:
    raw = row[column]
    if raw in ("1", "1.0"):
        return "1"
    if raw in ("0", "0.0"):
        return "0"
    if not raw:
        return ""
    raise _Problem(row, f"{column} '{raw}' must be 1, 0 or blank", f"{column} not 1 or 0")


def _parse_oc2(row: Row, child: Child, start: date, end: date):
    """The row's values ("" for blank), checked on their own and against the child's age
    and care history; None when every value is blank. Raises _Problem."""
    from health import oc2
    from health.codes import SDQ_MAX_SCORE, SdqReason

    dob = _parse_date(row, "DOB", required=True)
    if dob != child.date_of_birth:
        raise _Problem(
            row,
            f"DOB {_fmt(dob)} differs from the date of birth recorded "
            f"({_fmt(child.date_of_birth)})",
            "OC2 DOB differs from the record",
        )
    values = {c: _oc2_flag(row, c) for c in OC2_FLAGS}
    raw_score = row["SDQ_SCORE"]
    score = ""
    if raw_score:
        try:
            number = float(raw_score)
        except ValueError:
            number = -1.0
        if not (number.is_integer() and 0 <= number <= SDQ_MAX_SCORE):
            raise _Problem(
                row,
                f"SDQ_SCORE '{raw_score}' is not a score from 0 to {SDQ_MAX_SCORE}",
                "SDQ_SCORE not a score",
            )
        score = str(int(number))
    reason = row["SDQ_REASON"].upper()
    if reason and reason not in SdqReason.values:
        raise _Problem(
            row,
            f"SDQ_REASON '{row['SDQ_REASON']}' is not a reason for no SDQ score (SDQ1 to SDQ5)",
            "unknown SDQ_REASON code",
        )
    if score and reason:
        raise _Problem(
            row,
            "SDQ_SCORE and SDQ_REASON are both given: give the score, or the reason there is "
            "none (DfE rule 197a)",
            "SDQ score and reason both given",
        )
    values |= {"SDQ_SCORE": score, "SDQ_REASON": reason}
    if not any(values.values()):
        return None
    period = oc2.oc2_period(child, start, end)
    if period is None:
        raise _Problem(
            row,
            f"the child was not looked after continuously for 12 months at {_fmt(end)} (from "
            "their care history): OC2 is returned only for those children (DfE rule 190)",
            "OC2 row for a child not looked after for 12 months",
        )
    age = codes.age_on(child.date_of_birth, end)
    if values["CONVICTED"] and age < oc2.CONVICTED_FROM_AGE:
        raise _Problem(
            row,
            f"CONVICTED is given, but the child was {age} on {_fmt(end)}: it is returned for "
            "children aged 10 or over (DfE rule 542)",
            "CONVICTED for a child under 10",
        )
    if (score or reason) and not oc2.sdq_ages(child.date_of_birth, start, end):
        raise _Problem(
            row,
            f"an SDQ is given, but the child was not aged 4 to 16 at any time from "
            f"{_fmt(start)} to {_fmt(end)} (DfE rules 188, 189)",
            "SDQ for a child not aged 4 to 16",
        )
    misuse = values["SUBSTANCE_MISUSE"]
    received, offered = values["INTERVENTION_RECEIVED"], values["INTERVENTION_OFFERED"]
    problem = ""
    if misuse != "1" and (received or offered):
        problem = (
            "INTERVENTION_RECEIVED or INTERVENTION_OFFERED is given, but SUBSTANCE_MISUSE "
            "is not 1 (DfE rule 193)"
        )
    elif misuse == "1" and not received:
        problem = "SUBSTANCE_MISUSE is 1 but INTERVENTION_RECEIVED is blank (DfE rule 192)"
    elif received == "1" and offered:
        problem = (
            "INTERVENTION_RECEIVED is 1, so INTERVENTION_OFFERED (offered but refused) is left "
            "blank (DfE rule 158)"
        )
    elif received == "0" and not offered:
        problem = "INTERVENTION_RECEIVED is 0 but INTERVENTION_OFFERED is blank (DfE rule 159)"
    if problem:
        raise _Problem(row, problem, "OC2 substance misuse items do not agree")
    return values, period


# The date field of each kind of record an OC2 row can add (by its OC2_RECORDS name).
OC2_RECORD_DAY = {
    "sdqs": "completed_on",
    "immunisation_checks": "checked_on",
    "dental_checks": "checked_on",
    "review_assessments": "assessed_on",
    "substance_misuse": "recorded_on",
    "youth_justice_outcomes": "outcome_on",
}


def _oc2_records(
    child: Child,
    values: dict[str, str],
    held: Any,
    records: dict[str, list[Any]],
    start: date,
    end: date,
) -> list[tuple[str, Any]]:
    """The records (not saved), dated `end` (31 March), that make the child's OC2 values
    the row's where `held` (the values `records` give) does not already, each with its
    OC2_RECORDS name."""
    from casework.models import YouthJusticeOutcome
    from health.codes import Assessor, Intervention
    from health.models import (
        DentalCheck,
        ImmunisationCheck,
        ReviewHealthAssessment,
        Sdq,
        SubstanceMisuseRecord,
    )

    def in_year(name: str) -> bool:
        return any(start <= getattr(r, OC2_RECORD_DAY[name]) <= end for r in records[name])

    added: list[tuple[str, Any]] = []
    sdq = (values["SDQ_SCORE"], values["SDQ_REASON"])
    # An SDQ is written only when none is recorded in the year: one that is gives the value.
    if any(sdq) and sdq != (held.SDQ_SCORE, held.SDQ_REASON) and not in_year("sdqs"):
        score = int(sdq[0]) if sdq[0] else None
        added.append(("sdqs", Sdq(child=child, completed_on=end, score=score, reason=sdq[1])))
    jabs = values["IMMUNISATIONS"]
    if jabs and jabs != held.IMMUNISATIONS and not in_year("immunisation_checks"):
        check = ImmunisationCheck(child=child, checked_on=end, up_to_date=jabs == "1")
        added.append(("immunisation_checks", check))
    if values["TEETH_CHECK"] == "1" and held.TEETH_CHECK == "0":
        added.append(("dental_checks", DentalCheck(child=child, checked_on=end)))
    if values["HEALTH_ASSESSMENT"] == "1" and held.HEALTH_ASSESSMENT == "0":
        assessment = ReviewHealthAssessment(
            child=child, assessed_on=end, assessor=Assessor.OTHER, outcome=OC2_NOTE
        )
        added.append(("review_assessments", assessment))
    substance = ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
    if values["SUBSTANCE_MISUSE"] == "1" and any(values[c] != getattr(held, c) for c in substance):
        if values["INTERVENTION_RECEIVED"] == "1":
            intervention = Intervention.RECEIVED
        elif values["INTERVENTION_OFFERED"] == "1":
            intervention = Intervention.DECLINED
        else:
            intervention = Intervention.NOT_OFFERED
        misuse = SubstanceMisuseRecord(
            child=child, recorded_on=end, identified=True, intervention=intervention
        )
        added.append(("substance_misuse", misuse))
    if values["CONVICTED"] == "1" and held.CONVICTED == "0":
        outcome = YouthJusticeOutcome(child=child, outcome_on=end, outcome="")
        added.append(("youth_justice_outcomes", outcome))
    return added


def _oc2_accepted(child: Child, name: str, record: Any, records: dict[str, list[Any]]) -> bool:
    """Whether the service that records `record` is sure to accept it: its day is neither
    after today nor before the birth, the child has no such record that day, an assessment
    is on a day in care (the day care ended counts), a conviction from the 10th birthday."""
    from casework.services import AGE_OF_CRIMINAL_RESPONSIBILITY

    field = OC2_RECORD_DAY[name]
    day = getattr(record, field)
    if day > timezone.localdate() or day < child.date_of_birth:
        return False
    if any(getattr(r, field) == day for r in records[name]):
        return False
    if name == "review_assessments" and not any(
        p.start_date <= day and (p.end_date is None or p.end_date >= day)
        for p in child.periods_of_care.all()
    ):
        return False
    return not (
        name == "youth_justice_outcomes"
        and codes.age_on(child.date_of_birth, day) < AGE_OF_CRIMINAL_RESPONSIBILITY
    )


def _record_oc2(name: str, record: Any, user: User) -> None:
    """Write `record` through the service that records its kind; raises ApplicationError
    as the service does."""
    from casework.services import youth_justice_outcome_record
    from health import services as health

    services: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
        "sdqs": (health.sdq_record, ("completed_on", "score", "reason")),
        "immunisation_checks": (health.immunisation_check_record, ("checked_on", "up_to_date")),
        "dental_checks": (health.dental_check_record, ("checked_on",)),
        "review_assessments": (health.rha_record, ("assessed_on", "assessor", "outcome")),
        "substance_misuse": (
            health.substance_misuse_record,
            ("recorded_on", "identified", "intervention"),
        ),
        "youth_justice_outcomes": (youth_justice_outcome_record, ("outcome_on", "outcome")),
    }
    service, fields = services[name]
    service(child=record.child, by=user, **{f: getattr(record, f) for f in fields})


def _create_oc2_records(records: list[Any]) -> None:
    """Write `records` in bulk, kind by kind, each with its "+" history row (the author is
    the import's, as for a record saved one by one)."""
    by_model: dict[type, list[Any]] = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    for model, objs in by_model.items():
        bulk_create_with_history(objs, model, batch_size=OC2_BATCH)


OC2_BATCH = 1000


def _check_oc2_kept(
    row: Row,
    values: dict[str, str],
    after: Any,
    start: date,
    end: date,
    warnings: list[Issue],
) -> None:
    """Raise _Problem where the record, with what the row adds (`after`), still gives a
    value other than the row's; warn of a HEALTH_CHECK not kept."""
    sdq = (values["SDQ_SCORE"], values["SDQ_REASON"])
    for column, given in values.items():
        kept = getattr(after, column)
        if column == "HEALTH_CHECK":
            if given and given != kept:
                why = (
                    "it is returned for children under 5 at 31 March"
                    if not kept
                    else "Harbour reads the health checks of a child under 5 from their "
                    f"health assessments, which give {kept}"
                )
                warnings.append(
                    row.issue(
                        f"HEALTH_CHECK {given}: {why}; not kept",
                        outcome=WARNING,
                        kind="HEALTH_CHECK not kept",
                    )
                )
            continue
        if column.startswith("SDQ_"):
            if any(sdq) and given != kept:
                raise _Problem(
                    row,
                    f"the SDQ is {sdq[0] or sdq[1]} in the return, but the latest SDQ recorded "
                    f"from {_fmt(start)} to {_fmt(end)} gives {after.SDQ_SCORE or after.SDQ_REASON}"
                    ": nothing was changed",
                    "OC2 value differs from the record",
                )
            continue
        if given and given != kept:
            raise _Problem(
                row,
                f"{column} is {given} in the return, but the child's record gives "
                f"{kept or 'blank'} for {_fmt(start)} to {_fmt(end)}: nothing was changed",
                "OC2 value differs from the record",
            )


# The dates a return holds about the collection year (all on or before its 31 March).
YEAR_DATES = ("DECOM", "DEC", "REVIEW", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC")


def _return_year_end(rows: list[Row]) -> date | None:
    latest: date | None = None
    for row in rows:
        for column in YEAR_DATES:
            text = row[column].strip()
            if not text:
                continue
            try:
                day = datetime.strptime(text, DATE_FORMAT).date()
            except ValueError:
                continue
            latest = day if latest is None or day > latest else latest
    return _collection_end(latest) if latest else None


def _last_year_end(day: date) -> date:
    """The latest 31 March on or before `day`: the end of the latest collection year to
    have ended."""
    return date(day.year if (day.month, day.day) >= (3, 31) else day.year - 1, 3, 31)


def _collection_end(day: date) -> date:
    """The 31 March that ends the collection year `day` falls in."""
    return date(day.year + (day.month > 3), 3, 31)


def _add_reviews(child: Child, plan: _Plan, writer: _Writer, result: ImportResult) -> None:
    """A child already recorded with the same history: the return's reviews not yet
    recorded are added (a review recorded since the return was made stays as it is)."""
    held = dict(Review.objects.filter(child=child).values_list("held_on", "participation"))
    with transaction.atomic():
        recorded = writer.reviews(child, plan, held=held)
    result.issues += plan.review_issues
    if recorded:
        result.reviews_recorded += recorded
        result.reviews_added_to.append(child.la_reference)


def _forget(writer: _Writer, plan: _Plan) -> None:
    """Placeholder accounts created for a child that was rolled back no longer exist."""
    for episode in plan.social_workers:
        worker = writer.workers.get(episode.username)
        if worker is not None and not User.objects.filter(pk=worker.pk).exists():
            del writer.workers[episode.username]


def _forget_all(writer: _Writer) -> None:
    present = set(
        User.objects.filter(pk__in=[u.pk for u in writer.workers.values()]).values_list(
            "pk", flat=True
        )
    )
    writer.workers = {k: u for k, u in writer.workers.items() if u.pk in present}
