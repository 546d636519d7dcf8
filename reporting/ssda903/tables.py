"""The SSDA903 tables Harbour reads and writes: file names and exact CSV headers (DfE).

The DfE validator recognises a table by the exact set of its headers, so these
lists are the contract for both export and import.
"""

from dataclasses import dataclass

DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    columns: tuple[str, ...]


HEADER = Table("Header", "header.csv", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"))
EPISODES = Table(
    "Episodes",
    "episodes.csv",
    (
        "CHILD",
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
    ),
)
UASC = Table("UASC", "uasc.csv", ("CHILD", "SEX", "DOB", "DUC"))
MISSING = Table("Missing", "missing.csv", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"))
SW_EPISODES = Table(
    "SWEpisodes", "sw_episodes.csv", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")
)
PREV_PERM = Table(
    "PrevPerm", "previous_permanence.csv", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")
)
AD1 = Table(
    "AD1",
    "ad1.csv",
    (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
)
PLACED_ADOPTION = Table(
    "PlacedAdoption",
    "placed_for_adoption.csv",
    ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
)
REVIEWS = Table("Reviews", "reviews.csv", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"))
OC3 = Table("OC3", "care_leavers.csv", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"))
OC2 = Table(
    "OC2",
    "oc2.csv",
    (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
)

# The tables Harbour's records give.
TABLES = (
    HEADER,
    EPISODES,
    UASC,
    MISSING,
    SW_EPISODES,
    PREV_PERM,
    AD1,
    PLACED_ADOPTION,
    REVIEWS,
    OC3,
    OC2,
)
BY_COLUMNS = {frozenset(t.columns): t for t in TABLES}


def table_for_header(columns: list[str]) -> Table | None:
    """Which table a CSV file holds, from its header row (as the DfE validator decides)."""
    return BY_COLUMNS.get(frozenset(c.strip() for c in columns))
