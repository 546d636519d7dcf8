"""Care histories for the demo council: who each child is and what happened to them.

Pure Python, no database: `HistoryWriter.story(number)` returns a `ChildStory`
(identity, family, periods of care with their legal statuses, placements,
permanence plans and adoption journey) and `demo.builder` writes the stories in
bulk. Each child has a random stream of its own, seeded from (seed, number), so
one child's story never shifts another's.

The stories keep the rules the services keep (children/services.py): dates
follow the SSDA903 [start, end) convention (what ends on D is followed by what
starts on D); nothing is after `today`; nobody is looked after before birth;
placements and legal statuses cover their period of care without gaps or
overlaps (two orders at once only for a care order with a placement order);
police protection lasts at most three days; youth-justice statuses start at 10
or over; a child has at most one open period and one open placement.

Proportions follow published figures for West Midlands councils (seeds 001 and
003) and the national SSDA903 tables: about four in five children are still
looked after, one in five has left; abuse or neglect (N1) is the need for about
60%; foster care holds about 70% of current placements; about 3% of children
are unaccompanied asylum seekers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from children import codes
from children.validators import upn_check_letter
from core.dates import birthday
from demo.postcodes import HOME_AREA, POSTCODES

T = TypeVar("T")

# --- names and places --------------------------------------------------------

ADULT_NAMES_F = [
    "Amy",
    "Charlene",
    "Danielle",
    "Gemma",
    "Jade",
    "Jean",
    "Kerry",
    "Lisa",
    "Marcia",
    "Nasreen",
    "Pauline",
    "Sharon",
    "Stacey",
    "Tracey",
]
ADULT_NAMES_M = [
    "Adam",
    "Carl",
    "Darren",
    "Delroy",
    "Gary",
    "Imran",
    "Jason",
    "Keith",
    "Lee",
    "Mark",
    "Paul",
    "Ryan",
    "Steven",
    "Wayne",
]
# Invented surnames for carers and adopters, apart from the children's own.
CARER_SURNAMES = [
    "Ashcombe",
    "Birchwood",
    "Copperfield",
    "Dunnock",
    "Everleigh",
    "Foxley",
    "Greenhithe",
    "Hollybush",
    "Inchmore",
    "Kingfisher",
    "Lindenfield",
    "Meadowsweet",
    "Northwood",
    "Orchardleigh",
    "Primrose",
    "Redwing",
    "Silverbirch",
    "Tansley",
    "Wrenfield",
    "Yewbank",
]
HOME_NAMES = [
    "Oak House",
    "Beacon View",
    "Meadowbank Lodge",
    "Canalside House",
    "Heathfield Lodge",
    "Larkrise",
    "The Willows",
    "Brookside",
    "Hillcrest House",
    "Fern Lodge",
    "Kingfisher House",
    "Marsh Lane",
]
SUPPORTED_NAMES = [
    "Canalside Supported Living",
    "Stepping Stones",
    "Next Steps Housing",
    "Foyer at Harbourside",
    "Bridge Court",
]
STREETS = [
    "Foxglove Road",
    "Canal Street",
    "Lime Tree Avenue",
    "Marsh Lane",
    "Beacon Road",
    "Chapel Street",
    "Furnace Close",
    "Holly Grove",
    "Ironworks Way",
    "Kiln Lane",
    "Lock Street",
    "Mill Fold",
    "Nailers Row",
    "Orchard Crescent",
    "Pit Bank",
    "Quarry Hill",
    "Saddlers Court",
    "Tannery Walk",
    "Wharf Road",
    "Willow Drive",
]
AREA_TOWNS = {
    "walsall": "Walsall",
    "wolverhampton": "Wolverhampton",
    "sandwell": "West Bromwich",
    "birmingham": "Birmingham",
    "dudley": "Dudley",
    "manchester": "Manchester",
}
# Placements out of the area: mostly near, a few far.
OUT_OF_AREA_WEIGHTS = {
    "wolverhampton": 25,
    "sandwell": 25,
    "birmingham": 25,
    "dudley": 15,
    "manchester": 10,
}
IN_AREA_POSTCODES = frozenset(POSTCODES[HOME_AREA])
# The Ofsted URN of the council's own fostering service (fictional).
COUNCIL_FOSTERING_URN = "SC999001"
BIRTH_TOWNS = [
    "Walsall",
    "Walsall",
    "Walsall",
    "Wolverhampton",
    "Wolverhampton",
    "Birmingham",
    "Birmingham",
    "West Bromwich",
    "Dudley",
    "Cannock",
    "Stafford",
    "Telford",
]
# DfE codes of neighbouring councils: Sandwell, Dudley, Wolverhampton, Birmingham,
# Staffordshire, Shropshire.
NEIGHBOUR_COUNCILS = ["333", "332", "336", "330", "860", "893"]

# --- identity mixes ------------------------------------------------------------

# Ethnicity of children in care in a West Midlands borough (903 codes).
ETHNICITY_WEIGHTS = {
    "WBRI": 58.0,
    "WIRI": 0.5,
    "WOTH": 2.0,
    "WIRT": 0.7,
    "WROM": 0.8,
    "MWBC": 9.0,
    "MWBA": 1.5,
    "MWAS": 2.5,
    "MOTH": 4.0,
    "AIND": 1.5,
    "APKN": 4.0,
    "ABAN": 1.5,
    "AOTH": 1.5,
    "BCRB": 3.0,
    "BAFR": 3.0,
    "BOTH": 2.0,
    "CHNE": 0.3,
    "OOTH": 1.5,
    "REFU": 0.2,
    "NOBT": 0.5,
}
# EU and EEA nationals: (country, weight, language, place of birth, ethnicity).
EU_NATIONALS = [
    ("PL", 35, "Polish", "Wrocław, Poland", "WOTH"),
    ("RO", 30, "Romanian", "Iași, Romania", "WOTH"),
    ("LT", 10, "Lithuanian", "Kaunas, Lithuania", "WOTH"),
    ("PT", 7, "Portuguese", "Porto, Portugal", "WOTH"),
    ("IT", 5, "Italian", "Naples, Italy", "WOTH"),
    ("SK", 5, "Slovak", "Košice, Slovakia", "WROM"),
    ("LV", 5, "Latvian", "Riga, Latvia", "WOTH"),
    ("BG", 3, "Bulgarian", "Plovdiv, Bulgaria", "WOTH"),
]
# Unaccompanied asylum-seeking children: (country, weight, language, place of birth, ethnicity).
UASC_ORIGINS = [
    ("AF", 25, "Pashto", "Nangarhar, Afghanistan", "AOTH"),
    ("SD", 20, "Arabic", "Darfur, Sudan", "BAFR"),
    ("ER", 15, "Tigrinya", "Asmara, Eritrea", "BAFR"),
    ("IR", 12, "Kurdish (Sorani)", "Sardasht, Iran", "OOTH"),
    ("AL", 8, "Albanian", "Kukës, Albania", "WOTH"),
    ("VN", 8, "Vietnamese", "Nghệ An, Vietnam", "AOTH"),
    ("SY", 7, "Arabic", "Aleppo, Syria", "OOTH"),
]
# Other nationalities some children hold, by ethnicity: (country, language).
OTHER_NATIONALS = {
    "BAFR": [("NG", "English"), ("ZW", "Shona"), ("SO", "Somali"), ("GH", "English")],
    "APKN": [("PK", "Urdu")],
    "AIND": [("IN", "Punjabi")],
    "BCRB": [("JM", "English")],
    "WIRI": [("IE", "English")],
}
HOME_LANGUAGES = {
    "APKN": ["Urdu", "Punjabi", "Mirpuri"],
    "ABAN": ["Bengali", "Sylheti"],
    "AIND": ["Punjabi", "Gujarati"],
    "WROM": ["Romani"],
}
DISABILITIES = [
    "Autism",
    "Attention deficit hyperactivity disorder (ADHD)",
    "Learning disability",
    "Cerebral palsy",
    "Hearing impairment",
    "Visual impairment",
    "Global developmental delay",
    "Epilepsy",
]
WARNINGS = [
    "Do not disclose the placement address to the birth family",
    "Nut allergy: carries an adrenaline auto-injector",
    "Father has been violent to visiting professionals: visit in pairs",
    "Risk of child sexual exploitation: see the safety plan before any contact",
    "Epilepsy: rescue medication is held by the carer",
    "Non-molestation order in force against the mother's former partner",
    "Goes missing from placement: follow the missing-from-care protocol",
    "Asthma: inhaler to be carried at all times",
]

# --- care-history mixes ----------------------------------------------------------

CATEGORY_OF_NEED = {
    "N1": 60.0,
    "N2": 3.0,
    "N3": 3.0,
    "N4": 8.0,
    "N5": 12.0,
    "N6": 2.0,
    "N7": 0.3,
    "N8": 11.7,
}
# Why children left care (seed 001's 2024/25 leavers, national shares for the rest).
LEAVING_REASONS = {
    "E4A": 23.0,
    "E4B": 2.5,
    "E13": 2.0,
    "E11": 12.0,
    "E12": 8.0,
    "E45": 3.0,
    "E46": 2.0,
    "E47": 3.5,
    "E48": 1.0,
    "E41": 4.0,
    "E5": 8.0,
    "E6": 9.0,
    "E17": 8.0,
    "E7": 2.0,
    "E8": 4.0,
    "E9": 1.5,
    "E14": 1.0,
    "E3": 1.0,
    "E16": 0.3,
}
# Young adults who left care 3 to 7 years ago (aged about 21 to 25 now), whom the
# personal advisers still support to 25 (Children and Social Work Act 2017): a share of
# the children, drawn from their own stream so that no other story changes, and how
# they left care (mostly at 18; some at 16 or 17, home or to a place of their own).
OLDER_LEAVER_SHARE = 0.06
OLDER_LEAVER_YEARS = (3 * 365 + 30, 7 * 365)
# And a few who left care at 16 or 17 in the last year and a half and are not yet 18
# (relevant, or qualifying), who the reports of past years would otherwise hardly show.
YOUNG_LEAVER_SHARE = 0.03
YOUNG_LEAVING_REASONS = {"E5": 30.0, "E6": 20.0, "E4A": 25.0, "E4B": 5.0, "E13": 5.0, "E8": 15.0}
OLDER_LEAVING_REASONS = {
    "E17": 30.0,
    "E5": 22.0,
    "E6": 22.0,
    "E4A": 12.0,
    "E4B": 3.0,
    "E13": 3.0,
    "E8": 5.0,
    "E7": 3.0,
}
# How an earlier period of care ended for a child who came back into care.
EARLIER_ENDINGS = {
    "E4A": 45.0,
    "E4B": 15.0,
    "E13": 5.0,
    "E41": 10.0,
    "E45": 4.0,
    "E46": 3.0,
    "E47": 4.0,
    "E48": 2.0,
    "E11": 2.0,
    "E8": 6.0,
    "E3": 4.0,
}
REASON_PATHWAYS = {
    "E4A": {"s20": 50, "court": 35, "s20_court": 15},
    "E4B": {"s20": 75, "court": 25},
    "E13": {"s20": 70, "court": 30},
    "E41": {"court": 60, "s20": 40},
    "E45": {"court": 80, "s20_court": 20},
    "E46": {"court": 80, "s20_court": 20},
    "E47": {"court": 80, "s20_court": 20},
    "E48": {"court": 80, "s20_court": 20},
    "E5": {"s20": 45, "court": 45, "s20_court": 10},
    "E6": {"s20": 45, "court": 45, "s20_court": 10},
    "E17": {"s20": 30, "court": 60, "s20_court": 10},
    "E7": {"s20": 40, "court": 60},
    "E8": {"s20": 60, "court": 40},
    "E3": {"s20": 50, "court": 50},
    "E16": {"s20": 100},
    "E9": {"remand": 50, "s20": 30, "court": 20},
    "E14": {"remand": 100},
}
AT_EIGHTEEN = frozenset({"E17", "E7"})
INDEPENDENT = frozenset({"E5", "E6"})
ADOPTED = frozenset({"E11", "E12"})
SGO = frozenset({"E45", "E46", "E47", "E48"})
MOVE_REASONS = {
    "CARPL": 30,
    "CREQB": 14,
    "CREQO": 10,
    "CHILD": 10,
    "LAREQ": 7,
    "OTHER": 6,
    "CLOSE": 4,
    "ALLEG": 3,
    "STAND": 3,
    "APPRR": 2,
}
PLANNED_SHARE = {"CARPL": 1.0, "LAREQ": 0.7, "CHILD": 0.5, "CLOSE": 0.4, "OTHER": 0.5}
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
RELATIVE_FOSTER = frozenset({"U1", "U2", "U3"})
# Placements registered with Ofsted as children's homes, supported accommodation or
# family centres, which carry an Ofsted URN (SC and six digits).
REGISTERED = frozenset({"K1", "K2", "K3", "R3"})


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def one_of(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def days(n: int) -> timedelta:
    return timedelta(days=n)


age_on = codes.age_on


# --- the stories -------------------------------------------------------------------


@dataclass
class StatusSpan:
    code: str
    start: date
    end: date | None = None
    order_date: date | None = None


@dataclass
class PlacementSpan:
    placement_type: str
    provider: str
    start: date
    carer_name: str
    urn: str = ""
    postcode: str = ""
    in_council_area: bool = True
    intended_until_18: bool = False
    same_carer_as_previous: bool = False
    end: date | None = None
    reason_for_change: str = ""
    planned_ending: bool | None = None


@dataclass
class AdoptionJourney:
    decision_date: date
    match_date: date | None = None
    placed_date: date | None = None
    ceased_date: date | None = None
    ceased_reason: str = ""
    adopters_were_foster_carers: bool | None = None
    number_of_adopters: int | None = None
    adopters_sex: str = ""
    adopters_legal_status: str = ""


@dataclass
class PeriodStory:
    start: date
    end: date | None
    reason_ceased: str
    category_of_need: str
    pathway: str
    previous_permanence: str = "Z1"
    previous_permanence_la: str = ""
    previous_permanence_date: date | None = None
    home_postcode: str = ""
    statuses: list[StatusSpan] = field(default_factory=list)
    placements: list[PlacementSpan] = field(default_factory=list)
    adoption: AdoptionJourney | None = None
    plans: list[tuple[str, date]] = field(default_factory=list)


@dataclass
class AddressStory:
    line_1: str
    town: str
    postcode: str
    start: date
    end: date | None = None
    in_area: bool = True


@dataclass
class RelativeStory:
    name: str
    relationship: str
    parental_responsibility: bool
    contact_details: str = ""
    notes: str = ""


@dataclass
class ChildStory:
    number: int
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    ethnicity: str
    upn: str = ""
    upn_unknown_reason: str = ""
    nhs_number: str = ""
    place_of_birth: str = ""
    first_language: str = "English"
    religion: str = ""
    disability: str = ""
    uasc: bool = False
    uasc_start: date | None = None
    uasc_end: date | None = None
    age_assessment_date: date | None = None
    age_assessment_outcome: str = ""
    is_mother: bool | None = None
    mothers_child_dob: date | None = None
    nationalities: list[str] = field(default_factory=list)
    addresses: list[AddressStory] = field(default_factory=list)
    relatives: list[RelativeStory] = field(default_factory=list)
    warnings: list[tuple[str, date, date | None]] = field(default_factory=list)
    periods: list[PeriodStory] = field(default_factory=list)

    @property
    def looked_after(self) -> bool:
        return bool(self.periods) and self.periods[-1].end is None


@dataclass(frozen=True)
class Household:
    """A foster household, home or provider that several children may live with."""

    name: str
    provider: str
    postcode: str
    in_area: bool
    urn: str = ""


@dataclass
class _Shape:
    """When things happen in a period, as days after its start, before it is placed in time."""

    chain: list[tuple[str, int, bool]]  # (code, offset, replaces the status before)
    revoked: list[tuple[str, int]] = field(default_factory=list)
    moves_with_status: dict[int, str] = field(default_factory=dict)  # offset -> "new"/"same"
    adoption: dict[str, int] = field(default_factory=dict)
    fostering_for_adoption: bool = False
    length: int | None = None  # days to the natural end, where the story has one


class HistoryWriter:
    def __init__(self, *, seed: int, today: date, children: int, council: str) -> None:
        self.seed = seed
        self.today = today
        self.council = council
        rng = random.Random(f"{seed}:households")
        self.foster = [self._foster_household(rng) for _ in range(max(30, children // 2))]
        self.homes = [
            self._home(rng, one_of(rng, HOME_NAMES), {"PR4": 80, "PR1": 15, "PR5": 5}, 0.45)
            for _ in range(max(8, children // 30))
        ]
        self.supported = [
            # Supported accommodation in the council's area (DfE rule 241 checks its LA).
            self._home(rng, one_of(rng, SUPPORTED_NAMES), {"PR4": 70, "PR5": 20, "PR1": 10}, 1.0)
            for _ in range(max(4, children // 80))
        ]
        self.secure = [
            self._home(rng, "Hawthorn Secure Children's Home", {"PR2": 100}, 0.0),
            self._home(rng, "Ridgeway Secure Unit", {"PR1": 100}, 0.0),
        ]
        self.special = {
            "R1": self._home(rng, "Elmcroft Care Home", {"PR4": 100}, 0.3),
            "R3": self._home(rng, "Rosewood Family Assessment Centre", {"PR5": 100}, 0.5),
            "R5": self._home(rng, "Brinkwater Young Offender Institution", {"PR3": 100}, 0.0),
            "S1": self._home(rng, "Larchfield Residential School", {"PR4": 100}, 0.0),
        }

    # -- places and people ------------------------------------------------------

    def postcode(self, rng: random.Random, in_area: bool) -> tuple[str, str]:
        """A real postcode (demo.postcodes), so that the return passes the DfE's
        postcode checks: in the council's area, or near (mostly) or far beyond it."""
        area = HOME_AREA if in_area else pick(rng, OUT_OF_AREA_WEIGHTS)
        return one_of(rng, list(POSTCODES[area])), AREA_TOWNS[area]

    def _foster_household(self, rng: random.Random) -> Household:
        provider = pick(rng, {"PR1": 60, "PR4": 35, "PR5": 5})
        # The council's own carers live in its area (DfE rule 1015).
        in_area = provider == "PR1" or rng.random() < 0.45
        surname = one_of(rng, CARER_SURNAMES)
        shape = rng.random()
        if shape < 0.6:
            name = f"{one_of(rng, ADULT_NAMES_F)} and {one_of(rng, ADULT_NAMES_M)} {surname}"
        elif shape < 0.9:
            name = f"{one_of(rng, ADULT_NAMES_F)} {surname}"
        else:
            name = f"{one_of(rng, ADULT_NAMES_M)} and {one_of(rng, ADULT_NAMES_M)} {surname}"
        # Every fostering service has an Ofsted URN (DfE rule 218): the council's own,
        # or the agency's.
        urn = COUNCIL_FOSTERING_URN if provider == "PR1" else f"SC{rng.randint(100000, 999999)}"
        return Household(name, provider, self.postcode(rng, in_area)[0], in_area, urn)

    def _home(
        self, rng: random.Random, name: str, providers: dict[str, float], in_area_share: float
    ) -> Household:
        in_area = rng.random() < in_area_share
        urn = f"SC{rng.randint(100000, 999999)}"
        return Household(name, pick(rng, providers), self.postcode(rng, in_area)[0], in_area, urn)

    # -- one child --------------------------------------------------------------

    def story(
        self, number: int, *, first_name_f: list[str], first_name_m: list[str], surnames: list[str]
    ) -> ChildStory:
        rng = random.Random(f"{self.seed}:child:{number}")
        uasc = rng.random() < 0.03
        looked_after = rng.random() < 0.81
        sex = ("M" if rng.random() < 0.92 else "F") if uasc else pick(rng, {"M": 56, "F": 44})
        pool = (
            first_name_f
            if sex == "F"
            else first_name_m
            if sex == "M"
            else first_name_f + first_name_m
        )
        child = ChildStory(
            number=number,
            first_name=one_of(rng, pool),
            last_name=one_of(rng, surnames),
            date_of_birth=self.today,
            sex=sex,
            ethnicity="WBRI",
        )
        # A few of those who would be looked after are young adults who left care years
        # ago instead (their own stream, so every other story stays as it was).
        older = random.Random(f"{self.seed}:older-leaver:{number}").random()
        if uasc:
            self._uasc_child(rng, child, looked_after)
        elif looked_after and older < OLDER_LEAVER_SHARE:
            self._care_leaver_or_returned(rng, child, older=True)
        elif looked_after and older < OLDER_LEAVER_SHARE + YOUNG_LEAVER_SHARE:
            self._care_leaver_or_returned(rng, child, young=True)
        elif looked_after:
            self._looked_after_child(rng, child)
        else:
            self._care_leaver_or_returned(rng, child)
        self._identity(rng, child)
        self._family(rng, child)
        self._previous_permanence(rng, child)
        # An adopted child who comes back into care comes back as a new child, in law and
        # in the return (a new CHILD): their adoption is what the new period's previous
        # permanence (P1) says, not an earlier period of care in this record.
        child.periods = [
            p
            for n, p in enumerate(child.periods)
            if not (p.reason_ceased in ADOPTED and n + 1 < len(child.periods))
        ]
        return child

    # -- who is looked after now ---------------------------------------------------

    def _looked_after_child(self, rng: random.Random, child: ChildStory) -> None:
        band = pick(rng, {"0": 5, "1-4": 14, "5-9": 17, "10-15": 38, "16-17": 26})
        low, high = {
            "0": (0, 364),
            "1-4": (365, 1825),
            "5-9": (1826, 3651),
            "10-15": (3652, 5843),
            "16-17": (5844, 6570 - 2),
        }[band]
        age = rng.randint(low, high)
        child.date_of_birth = self.today - days(age)
        in_care = pick(rng, {"0-3m": 8, "3-12m": 15, "1-2y": 17, "2-5y": 32, "5y+": 28})
        lo, hi = {
            "0-3m": (0, 90),
            "3-12m": (91, 365),
            "1-2y": (366, 730),
            "2-5y": (731, 1826),
            "5y+": (1827, 6000),
        }[in_care]
        duration = rng.randint(lo, hi)
        if duration > age:
            duration = rng.randint(0, age)
        start = self.today - days(duration)
        entry_age = (start - child.date_of_birth).days
        pathway, prefix = self._pathway_in_care(rng, entry_age, duration)
        shape = self._shape(pathway, prefix, ended=False, rng=rng)
        placed = shape.adoption.get("placed")
        if placed is not None and placed + rng.randint(120, 420) <= duration:
            # Adopted by now: this child would have left care, so their plan changed instead.
            pathway = "court"
            shape = self._shape(pathway, prefix, ended=False, rng=rng)
        period = self._period(rng, child, start, None, "", pathway, prefix, shape=shape)
        earlier = self._earlier_period(rng, child, period.start, EARLIER_ENDINGS, share=0.07)
        child.periods = ([earlier] if earlier else []) + [period]

    def _pathway_in_care(
        self, rng: random.Random, entry_age: int, duration: int
    ) -> tuple[str, str]:
        years = entry_age / 365.25
        if years >= 12 and rng.random() < 0.03:
            return "remand", ""
        adoption_share = 0.7 if years < 2 else 0.45 if years < 5 else 0.2 if years < 7 else 0
        if duration < 3.5 * 365 and rng.random() < adoption_share:
            pathway = "adoption"
        elif years < 4:
            pathway = pick(rng, {"court": 65, "s20": 15, "s20_court": 20})
        elif years < 12:
            pathway = pick(rng, {"court": 60, "s20": 20, "s20_court": 20})
        else:
            pathway = pick(rng, {"s20": 42, "court": 38, "s20_court": 20})
        prefix = pick(rng, {"": 94, "L1": 4, "L2": 2})
        return pathway, prefix

    # -- who has left care ------------------------------------------------------------

    def _care_leaver_or_returned(
        self, rng: random.Random, child: ChildStory, *, older: bool = False, young: bool = False
    ) -> None:
        """A child who has left care; `older`: a young adult who left 3 to 7 years ago;
        `young`: left at 16 or 17 in the last year and a half, not yet 18."""
        reasons = OLDER_LEAVING_REASONS if older else YOUNG_LEAVING_REASONS if young else None
        reason = pick(rng, reasons or LEAVING_REASONS)
        # Most left in the last two years (the years the reports look at).
        if older:
            end = self.today - days(rng.randint(*OLDER_LEAVER_YEARS))
        elif young:
            end = self.today - days(rng.randint(7, 540))
        else:
            end = self.today - days(
                rng.randint(1, 730) if rng.random() < 0.75 else rng.randint(731, 4 * 365)
            )
        if reason in ADOPTED:
            entry_age = rng.randint(0, 60) if rng.random() < 0.6 else rng.randint(61, 700)
            shape = self._shape("adoption", "", ended=True, rng=rng)
            assert shape.length is not None
            start = end - days(shape.length)
            child.date_of_birth = start - days(entry_age)
            period = self._period(rng, child, start, end, reason, "adoption", "", shape=shape)
        else:
            pathway = pick(rng, REASON_PATHWAYS[reason])
            if young:
                start, dob = self._dates_for_young_leaver(rng, reason, end)
            else:
                start, dob = self._dates_for_leaving(rng, reason, end, older=older)
            child.date_of_birth = dob
            prefix = "" if pathway == "remand" else pick(rng, {"": 95, "L1": 3, "L2": 2})
            period = self._period(rng, child, start, end, reason, pathway, prefix)
        earlier = self._earlier_period(
            rng, child, period.start, {"E4A": 70, "E4B": 20, "E13": 10}, share=0.08
        )
        child.periods = ([earlier] if earlier else []) + [period]

    def _dates_for_young_leaver(
        self, rng: random.Random, reason: str, end: date
    ) -> tuple[date, date]:
        """The start of care and the date of birth of someone who left on `end` aged 16 or
        17 and is still under 18 today; in care for 2 weeks to 3 years (from 13 or over)."""
        since = (self.today - end).days
        end_age = rng.randint(int(16.05 * 365), max(int(16.05 * 365), 18 * 365 - since - 10))
        duration = rng.randint(14, min(3 * 365, end_age - 13 * 365))
        if reason in INDEPENDENT:
            duration = max(duration, 120)
        start = end - days(duration)
        return start, start - days(end_age - duration)

    def _dates_for_leaving(
        self, rng: random.Random, reason: str, end: date, *, older: bool = False
    ) -> tuple[date, date]:
        """The start of care and the date of birth for a period that ends on `end` (aged
        16 or 17 on leaving, for an `older` care leaver who did not leave at 18)."""
        if reason in AT_EIGHTEEN or (reason in INDEPENDENT and rng.random() < 0.6):
            dob, end = eighteenth_birthday_on(end)
            entry_years = pick(rng, {"5-10": 15, "11-13": 25, "14-15": 30, "16-17": 30})
            lo, hi = {"5-10": (5, 10), "11-13": (11, 13), "14-15": (14, 15), "16-17": (16, 17)}[
                entry_years
            ]
            start = birthday(dob, rng.randint(lo, hi)) + days(rng.randint(0, 300))
            return min(start, end - days(30)), dob
        if reason in INDEPENDENT:  # left at 16 or 17 for a home of their own
            end_age = rng.randint(int(16.5 * 365), int(17.9 * 365))
            dob = end - days(end_age)
            length = rng.randint(120, end_age - 12 * 365)
            return end - days(length), dob
        bounds = {
            "E4A": (14, 1100),
            "E4B": (7, 400),
            "E13": (7, 500),
            "E41": (180, 900),
            "E8": (7, 700),
            "E3": (30, 700),
            "E16": (30, 500),
            "E9": (20, 600),
            "E14": (7, 120),
        }.get(reason, (300, 1400))
        duration = rng.randint(*bounds)
        if reason in ("E9", "E14"):
            entry_age = rng.randint(12 * 365, 17 * 365)
        elif reason in ("E4B", "E13"):
            entry_age = rng.randint(11 * 365, 17 * 365)
        elif reason in SGO:
            entry_age = rng.randint(0, 11 * 365)
        elif reason == "E41":
            entry_age = rng.randint(0, 14 * 365)
        else:
            entry_age = rng.randint(0, 17 * 365)
        if older:
            end_age = rng.randint(int(16.2 * 365), int(17.9 * 365))
            duration = min(duration, end_age - 10 * 365)
            entry_age = end_age - duration
        # Left before the 18th birthday: shorten the stay or make the child younger.
        limit = 18 * 365 - 10
        if entry_age + duration >= limit:
            duration = min(duration, limit - entry_age - 1)
            if duration < 7:
                entry_age, duration = limit - 60, 30
        start = end - days(duration)
        return start, start - days(entry_age)

    def _earlier_period(
        self, rng: random.Random, child: ChildStory, before: date, endings: dict, share: float
    ) -> PeriodStory | None:
        """A period of care that ended before `before`, for children who came back into care."""
        if rng.random() >= share:
            return None
        reason = pick(rng, endings)
        end = before - days(rng.randint(60, 1500))
        if reason in ADOPTED:
            shape = self._shape("adoption", "", ended=True, rng=rng)
            assert shape.length is not None
            start = end - days(shape.length)
            if start < child.date_of_birth + days(7):
                return None
            return self._period(rng, child, start, end, reason, "adoption", "", shape=shape)
        pathway = pick(rng, {k: v for k, v in REASON_PATHWAYS[reason].items() if k != "remand"})
        length = rng.randint(60, 900) if reason in SGO or reason == "E41" else rng.randint(14, 500)
        start = end - days(length)
        if start < child.date_of_birth or age_on(child.date_of_birth, end) >= 15:
            return None
        return self._period(rng, child, start, end, reason, pathway, "")

    def _uasc_child(self, rng: random.Random, child: ChildStory, looked_after: bool) -> None:
        arrival_age = pick(rng, {"14": 10, "15": 25, "16": 40, "17": 25})
        arrival_days = int(arrival_age) * 365 + rng.randint(0, 360)
        child.uasc = True
        if looked_after:
            room = 18 * 365 - arrival_days - 5
            start = self.today - days(rng.randint(0, max(0, min(3 * 365, room))))
            child.date_of_birth = start - days(arrival_days)
            end, reason = None, ""
            if start > self.today - days(60) and rng.random() < 0.5:
                child.age_assessment_outcome = "pending"
            elif rng.random() < 0.3:
                assessed = start + days(rng.randint(20, 70))
                if assessed <= self.today:
                    child.age_assessment_outcome = "under_18"
                    child.age_assessment_date = assessed
                else:
                    child.age_assessment_outcome = "pending"
            else:
                child.age_assessment_outcome = "not_needed"
        else:
            reason = pick(rng, {"E5": 40, "E6": 20, "E17": 20, "E15": 15, "E8": 5})
            if reason == "E15":
                end = self.today - days(rng.randint(1, 3 * 365))
                start = end - days(rng.randint(25, 90))
                child.date_of_birth = start - days(arrival_days)
                child.age_assessment_outcome = "adult"
                child.age_assessment_date = end
            else:
                dob, end = eighteenth_birthday_on(self.today - days(rng.randint(1, 3 * 365)))
                child.date_of_birth = dob
                start = max(dob + days(arrival_days), self.today - days(6 * 365))
                start = min(start, end - days(60))
                child.age_assessment_outcome = one_of(rng, ["not_needed", "not_needed", "under_18"])
                if child.age_assessment_outcome == "under_18":
                    child.age_assessment_date = start + days(rng.randint(20, 50))
        child.uasc_start = start
        eighteen = birthday(child.date_of_birth, 18)
        if child.age_assessment_outcome == "adult":
            child.uasc_end = end
        elif eighteen <= self.today:
            child.uasc_end = eighteen
        child.periods = [self._period(rng, child, start, end, reason, "uasc", "")]

    # -- a period of care -----------------------------------------------------------------

    def _shape(self, pathway: str, prefix: str, *, ended: bool, rng: random.Random) -> _Shape:
        chain: list[tuple[str, int, bool]] = []
        shape = _Shape(chain=chain)
        t = 0
        if prefix == "L1":
            chain.append(("L1", 0, True))
            t = rng.randint(1, 3)
        elif prefix == "L2":
            chain.append(("L2", 0, True))
            t = rng.randint(2, 8)
        if prefix:
            shape.moves_with_status[t] = "new" if rng.random() < 0.65 else ""
        if pathway in ("s20", "uasc"):
            chain.append(("V2", t, True))
        elif pathway == "remand":
            chain.append(("J1", t, True))
            after = t + rng.randint(14, 150)
            chain.append(("V2", after, True))
            shape.moves_with_status[after] = "new" if rng.random() < 0.5 else ""
        elif pathway in ("court", "s20_court"):
            if pathway == "s20_court":
                chain.append(("V2", t, True))
                t += rng.randint(20, 300)
                shape.moves_with_status[t] = "new" if rng.random() < 0.35 else ""
            chain.append(("C1", t, True))
            final = t + rng.randint(140, 330)
            chain.append(("C2", final, True))
            roll = rng.random()
            shape.moves_with_status[final] = "new" if roll < 0.12 else "same" if roll < 0.4 else ""
        elif pathway == "adoption":
            chain.append(("C1", t, True))
            decision = t + rng.randint(60, 200)
            final = max(decision + rng.randint(7, 120), t + rng.randint(150, 330))
            chain.append(("C2", final, True))
            shape.fostering_for_adoption = rng.random() < 0.2
            shape.adoption["decision"] = decision
            ceased = not ended and rng.random() < 0.12
            if ceased and rng.random() < 0.3:  # RD2: the court made no placement order
                shape.adoption["ceased"] = final
                shape.adoption["ceased_reason"] = 2
            else:
                e1 = final if rng.random() < 0.6 else final + rng.randint(14, 120)
                chain.append(("E1", e1, False))
                if ceased:
                    stop = e1 + rng.randint(120, 540)
                    shape.adoption["ceased"] = stop
                    shape.adoption["ceased_reason"] = one_of(rng, [1, 3, 3, 4])
                    # The placement order is revoked with the decision (DfE rule 553: no open
                    # E1 once the decision to place for adoption is reversed).
                    shape.revoked.append(("E1", stop))
                elif shape.fostering_for_adoption:
                    shape.adoption["match"] = e1
                    shape.adoption["placed"] = e1 + (
                        0 if rng.random() < 0.5 else rng.randint(3, 21)
                    )
                else:
                    shape.adoption["match"] = e1 + rng.randint(90, 420)
                    shape.adoption["placed"] = shape.adoption["match"] + rng.randint(14, 56)
                if ended:
                    shape.length = shape.adoption["placed"] + rng.randint(120, 420)
        return shape

    def _period(
        self,
        rng: random.Random,
        child: ChildStory,
        start: date,
        end: date | None,
        reason: str,
        pathway: str,
        prefix: str,
        *,
        shape: _Shape | None = None,
    ) -> PeriodStory:
        if shape is None:
            shape = self._shape(pathway, prefix, ended=end is not None, rng=rng)
        last_start = (end - days(1)) if end else self.today
        if reason == "E14":  # remanded to the end
            shape.chain = [c for c in shape.chain if c[0] == "J1"]
            shape.moves_with_status = {}
        if reason == "E15":
            need = "N8"
        elif reason == "E7":
            need = "N2"
        elif pathway == "uasc":
            need = "N8" if rng.random() < 0.9 else "N4"
        else:
            need = pick(rng, CATEGORY_OF_NEED)
        period = PeriodStory(
            start=start, end=end, reason_ceased=reason, category_of_need=need, pathway=pathway
        )
        period.statuses = self._statuses(shape, start, end, last_start)
        period.adoption = self._adoption_journey(rng, shape, start, last_start)
        period.placements = self._placements(rng, child, period, shape, last_start)
        journey = period.adoption
        if journey is not None and journey.placed_date is not None:
            journey.adopters_were_foster_carers = period.placements[-1].placement_type == "A5"
        period.plans = self._plans(rng, child, period)
        return period

    def _statuses(
        self, shape: _Shape, start: date, end: date | None, last_start: date
    ) -> list[StatusSpan]:
        spans: list[StatusSpan] = []
        main: StatusSpan | None = None
        for code, offset, replaces in shape.chain:
            on = start + days(offset)
            if on > last_start:
                break
            ordered = code in ("C1", "C2", "E1", "L2", "J1")  # made by a court
            span = StatusSpan(code, on, order_date=on if ordered else None)
            if replaces:
                if main is not None:
                    main.end = on
                main = span
            spans.append(span)
        for code, offset in shape.revoked:
            on = start + days(offset)
            for span in spans:
                if span.code == code and span.end is None and span.start < on <= last_start:
                    span.end = on
        if end is not None:
            for span in spans:
                if span.end is None:
                    span.end = end
        return spans

    def _adoption_journey(
        self, rng: random.Random, shape: _Shape, start: date, last_start: date
    ) -> AdoptionJourney | None:
        offsets = shape.adoption
        if "decision" not in offsets or start + days(offsets["decision"]) > last_start:
            return None
        journey = AdoptionJourney(decision_date=start + days(offsets["decision"]))
        if "ceased" in offsets and start + days(offsets["ceased"]) <= last_start:
            journey.ceased_date = start + days(offsets["ceased"])
            journey.ceased_reason = f"RD{offsets['ceased_reason']}"
        if "match" in offsets and start + days(offsets["match"]) <= last_start:
            journey.match_date = start + days(offsets["match"])
            couple = rng.random() < 0.8
            journey.number_of_adopters = 2 if couple else 1
            if couple:
                journey.adopters_sex = pick(rng, {"MF": 78, "FF": 12, "MM": 10})
                if journey.adopters_sex == "MF":
                    journey.adopters_legal_status = pick(rng, {"L11": 70, "L2": 10, "L3": 20})
                else:
                    journey.adopters_legal_status = pick(rng, {"L12": 60, "L2": 25, "L4": 15})
            else:
                journey.adopters_sex = pick(rng, {"F1": 85, "M1": 15})
                journey.adopters_legal_status = "L0"
        if "placed" in offsets and start + days(offsets["placed"]) <= last_start:
            journey.placed_date = start + days(offsets["placed"])
        return journey

    # -- placements ----------------------------------------------------------------------

    def _placements(
        self,
        rng: random.Random,
        child: ChildStory,
        period: PeriodStory,
        shape: _Shape,
        last_start: date,
    ) -> list[PlacementSpan]:
        start, end = period.start, period.end
        dob = child.date_of_birth
        home = self._home_address(rng, child, start)
        period.home_postcode = home.postcode if home else ""
        # Moves fixed by the story: (date, what), in date order later.
        fixed: dict[date, str] = {}
        for offset, kind in shape.moves_with_status.items():
            on = start + days(offset)
            if kind and start < on <= last_start:
                fixed[on] = kind
        terminal: date | None = None
        journey = period.adoption
        if journey and journey.placed_date and not journey.ceased_date:
            terminal = journey.placed_date
            fixed[terminal] = "adoption"
        elif end is not None:
            terminal = self._final_move(rng, child, period, last_start)
            if terminal is not None:
                fixed[terminal] = "final"
        # A long-term match with the same carers some months after the care order.
        c2 = next((s.start for s in period.statuses if s.code == "C2"), None)
        if c2 and rng.random() < 0.6 and pathway_allows_long_term(period.pathway):
            on = c2 + days(rng.randint(30, 240))
            if on <= last_start and (terminal is None or on < terminal) and on not in fixed:
                fixed[on] = "same"
        if terminal is not None:  # nothing moves the child after their permanent home
            fixed = {on: kind for on, kind in fixed.items() if on <= terminal}
        # Other moves: more for teenagers, none after the permanent home is found.
        window_end = (terminal - days(7)) if terminal else last_start
        length = (window_end - start).days
        yearly = 0.6 if age_on(dob, start) >= 11 else 0.35
        if period.pathway == "adoption":
            yearly = 0.0 if shape.fostering_for_adoption else 0.2
        chances = int(length / 365 * 3) + 1  # a chance of a move every four months
        moves = sum(rng.random() < yearly / 3 for _ in range(chances))
        for _ in range(moves):
            if length <= 14:
                break
            on = start + days(rng.randint(7, length))
            if all(abs((on - other).days) > 7 for other in fixed):
                fixed[on] = "move"
        dates = sorted(d for d in fixed if start < d <= last_start)
        # At most five placements in a period: keep the story's own moves first.
        while len(dates) > 4:
            spare = [d for d in dates if fixed[d] == "move"] or dates[:-1]
            dates.remove(spare[rng.randrange(len(spare))])
        placements = [self._first_placement(rng, child, period, shape)]
        for on in dates:
            previous = placements[-1]
            placement = self._next_placement(rng, child, period, previous, on, fixed[on])
            if placement is None:
                continue
            previous.end = on
            if placement.same_carer_as_previous:
                previous.reason_for_change, previous.planned_ending = "PLACE", True
            elif fixed[on] in ("adoption", "final") or placement.placement_type == "P1":
                previous.reason_for_change, previous.planned_ending = "CARPL", True
            elif placement.placement_type == "R5":
                previous.reason_for_change, previous.planned_ending = "CUSTOD", False
            elif fixed[on] == "new":
                previous.reason_for_change, previous.planned_ending = "CARPL", True
            else:
                why = pick(rng, MOVE_REASONS)
                previous.reason_for_change = why
                previous.planned_ending = rng.random() < PLANNED_SHARE.get(why, 0.1)
            placements.append(placement)
        if end is not None:
            placements[-1].end = end
        return placements

    def _final_move(
        self, rng: random.Random, child: ChildStory, period: PeriodStory, last_start: date
    ) -> date | None:
        """Where a period's ending needs a particular last placement, the date of that move."""
        start, end, reason = period.start, period.end, period.reason_ceased
        assert end is not None
        room = (last_start - start).days
        if room < 20:
            return None
        if reason == "E4A" and period.pathway != "s20":
            on = end - days(rng.randint(60, 270))
        elif reason in ("E45", "E46", "E17", "E5", "E6", "E7"):
            on = end - days(rng.randint(90, 600))
        else:
            return None
        if on <= start + days(10):
            on = start + days(rng.randint(10, max(10, room // 2)))
        if reason in INDEPENDENT:
            on = max(on, birthday(child.date_of_birth, 16))
        if on > last_start or on <= start:
            return None
        return on

    def _first_placement(
        self, rng: random.Random, child: ChildStory, period: PeriodStory, shape: _Shape
    ) -> PlacementSpan:
        age = age_on(child.date_of_birth, period.start)
        first = period.statuses[0].code
        if period.pathway == "uasc":
            kind = pick(rng, {"K3": 50, "U6": 40, "K2": 10} if age >= 16 else {"U6": 80, "K2": 20})
        elif first == "J1":
            kind = pick(
                rng,
                {"R5": 25, "K1": 10, "K2": 35, "U6": 30}
                if age >= 15
                else {"K1": 15, "K2": 40, "U6": 45},
            )
        elif period.pathway == "adoption" and shape.fostering_for_adoption:
            kind = pick(rng, {"U5": 80, "U2": 20})
        elif first in ("L1", "L2"):
            kind = "U6" if age < 12 or rng.random() < 0.7 else "K2"
        else:
            kind = self._placement_type(rng, age, first)
        return self._placement(rng, child, period, kind, period.start)

    def _placement_type(self, rng: random.Random, age: int, status: str) -> str:
        """A placement for a child of `age` under legal status `status`: with parents only
        under a care order, supported accommodation and living alone only from 16."""
        order = status in ("C1", "C2")
        weights: dict[str, float]
        if age < 11:
            weights = {
                "U6": 64,
                "U3": 20,
                "K2": 4 if age >= 8 else 0,
                "P1": 10 if order else 0,
                "R3": 1 if age < 1 else 0,
            }
        elif age < 16:
            weights = {
                "U6": 48,
                "U3": 12,
                "K2": 29,
                "S1": 2,
                "R1": 1,
                "Z14": 0.5,
                "P1": 5 if order else 0,
                "R2": 0.5,
            }
        else:
            weights = {
                "U6": 34,
                "U3": 8,
                "K2": 15,
                "K3": 37,
                "Z13": 2,
                "Z11": 1,
                "P1": 3 if order else 0,
            }
        return pick(rng, weights)

    def _next_placement(
        self,
        rng: random.Random,
        child: ChildStory,
        period: PeriodStory,
        previous: PlacementSpan,
        on: date,
        kind: str,
    ) -> PlacementSpan | None:
        age = age_on(child.date_of_birth, on)
        in_force = [
            s.code for s in period.statuses if s.start <= on and (s.end is None or on < s.end)
        ]
        order = "C2" if "C2" in in_force else "C1" if "C1" in in_force else ""
        if kind == "adoption":
            if previous.placement_type in FOSTER and (
                previous.placement_type in ("U2", "U5") or rng.random() < 0.15
            ):
                return self._same_carer(previous, "A5", on)
            return self._placement(rng, child, period, "A6", on)
        if kind == "same":
            upgrade = {"U6": "U4", "U3": "U1"}.get(previous.placement_type)
            return self._same_carer(previous, upgrade, on) if upgrade else None
        if kind == "final":
            reason = period.reason_ceased
            if reason == "E4A":
                wanted = "P1" if order else ""
            elif reason == "E45":
                wanted = "U1" if previous.placement_type in ("U3", "U1") else "U3"
            elif reason in ("E46", "E17"):
                wanted = "U4" if previous.placement_type in ("U6", "U4") else "U6"
            elif reason == "E5":
                wanted = "K3"
            elif reason == "E6":
                wanted = "K3" if rng.random() < 0.7 else "Z13"
            elif reason == "E7":
                wanted = "K2" if rng.random() < 0.6 else "R1"
            else:
                wanted = ""
            if not wanted or wanted == previous.placement_type:
                return None
            if (wanted, previous.placement_type) in (("U1", "U3"), ("U4", "U6")):
                return self._same_carer(previous, wanted, on)
            return self._placement(rng, child, period, wanted, on)
        if kind == "new" and "J1" in in_force:
            wanted = "R5" if age >= 15 and rng.random() < 0.4 else "K2"
        elif period.pathway == "uasc":
            wanted = pick(
                rng, {"K3": 70, "U6": 20, "K2": 10} if age >= 16 else {"U6": 70, "K2": 30}
            )
        else:
            status = "C2" if order == "C2" else order or (in_force[0] if in_force else "V2")
            wanted = self._placement_type(rng, age, status)
            if wanted == "P1" and (kind == "new" or previous.placement_type == "P1"):
                wanted = "U6"
        return self._placement(rng, child, period, wanted, on)

    def _same_carer(self, previous: PlacementSpan, kind: str, on: date) -> PlacementSpan:
        provider = previous.provider
        return PlacementSpan(
            placement_type=kind,
            provider=provider,
            start=on,
            carer_name=previous.carer_name,
            urn=previous.urn,
            postcode=previous.postcode,
            in_council_area=previous.in_council_area,
            intended_until_18=kind in ("U1", "U4"),
            same_carer_as_previous=True,
        )

    def _placement(
        self, rng: random.Random, child: ChildStory, period: PeriodStory, kind: str, on: date
    ) -> PlacementSpan:
        urn = ""
        if kind in ("U4", "U5", "U6"):
            household = one_of(rng, self.foster)
            name, provider, postcode, in_area = (
                household.name,
                household.provider,
                household.postcode,
                household.in_area,
            )
        elif kind in RELATIVE_FOSTER:
            relation = one_of(
                rng,
                [
                    "maternal grandmother",
                    "paternal grandmother",
                    "aunt",
                    "uncle",
                    "family friend",
                    "older sibling",
                ],
            )
            first = one_of(rng, ADULT_NAMES_M if relation == "uncle" else ADULT_NAMES_F)
            surname = (
                child.last_name if relation != "family friend" else one_of(rng, CARER_SURNAMES)
            )
            in_area = rng.random() < 0.7
            postcode = self.postcode(rng, in_area)[0]
            name = f"{first} {surname} ({relation})"
            provider = "PR1" if rng.random() < 0.85 else "PR2"
        elif kind == "P1":
            name = one_of(rng, ["Mother", "Father", "Parents"])
            provider = "PR0"
            postcode = period.home_postcode or self.postcode(rng, True)[0]
            in_area = postcode in IN_AREA_POSTCODES
        elif kind == "A6":
            name = f"Prospective adopters {one_of(rng, CARER_SURNAMES)}"
            provider = pick(rng, {"PR1": 45, "PR5": 40, "PR2": 15})
            in_area = rng.random() < 0.35
            postcode = self.postcode(rng, in_area)[0]
        elif kind in ("K2", "K3", "K1", "R1", "R3", "R5", "S1"):
            if kind == "K2":
                home = one_of(rng, self.homes)
            elif kind == "K3":
                home = one_of(rng, self.supported)
            elif kind == "K1":
                home = one_of(rng, self.secure)
            else:
                home = self.special[kind]
            name, provider, postcode, in_area = (
                home.name,
                home.provider,
                home.postcode,
                home.in_area,
            )
            urn = home.urn if kind in REGISTERED else ""
        else:  # Z1x, R2: one-off arrangements
            in_area = rng.random() < 0.5
            postcode = self.postcode(rng, in_area)[0]
            name = {
                "Z13": "Own tenancy",
                "Z11": "Unregulated accommodation",
                "Z14": "Unregistered children's home",
                "Z12": "Other arrangement",
                "R2": "Children's hospital ward",
            }[kind]
            provider = "PR3" if kind == "R2" else "PR4"
        return PlacementSpan(
            placement_type=kind,
            provider=provider,
            start=on,
            carer_name=name,
            urn=urn,
            postcode=postcode,
            in_council_area=in_area,
            intended_until_18=kind in ("U1", "U4"),
        )

    # -- permanence -----------------------------------------------------------------------

    def _plans(
        self, rng: random.Random, child: ChildStory, period: PeriodStory
    ) -> list[tuple[str, date]]:
        """Permanence plans agreed in the period, oldest first (each ends as the next is agreed)."""
        start, end, reason = period.start, period.end, period.reason_ceased
        last = (end - days(1)) if end else self.today
        if rng.random() < 0.15 or (last - start).days < 60:
            return []
        plans: list[tuple[str, date]] = []
        review = start + days(rng.randint(70, 130))  # the second review

        def add(plan: str, on: date) -> None:
            if on > last or on < start:
                return
            if plans and (on <= plans[-1][1] or plan == plans[-1][0]):
                return
            plans.append((plan, on))

        journey = period.adoption
        c2 = next((s.start for s in period.statuses if s.code == "C2"), None)
        long_term = next(
            (p.start for p in period.placements if p.placement_type in ("U1", "U4")), None
        )
        if journey is not None:
            if journey.decision_date > review:
                add("return_home", review)
            add("adoption", journey.decision_date)
            if journey.ceased_date:
                add("long_term_fostering" if rng.random() < 0.7 else "sgo", journey.ceased_date)
            return plans
        if reason in ("E4A", "E4B", "E13") or (
            period.pathway == "s20" and not end and rng.random() < 0.5
        ):
            add("return_home", review)
            return plans
        if reason in SGO or reason == "E41":
            add("return_home", review)
            add(
                "sgo" if reason in SGO else "cao",
                max(review + days(30), end - days(rng.randint(90, 300))) if end else review,
            )
            return plans
        add("return_home", review)
        relatives = any(p.placement_type in RELATIVE_FOSTER for p in period.placements)
        if c2 and relatives and rng.random() < 0.5:  # special guardianship for kinship carers
            add("sgo", c2 + days(rng.randint(0, 120)))
        elif long_term:
            add("long_term_fostering", long_term)
        elif c2 and any(p.placement_type == "K2" for p in period.placements):
            add("residential", c2 + days(rng.randint(0, 60)))
        elif c2:
            add("long_term_fostering", c2 + days(rng.randint(0, 90)))
        sixteen = birthday(child.date_of_birth, 16)
        if sixteen > start and reason != "E17" and rng.random() < 0.6:
            add("independent_living", sixteen + days(rng.randint(0, 200)))
        return plans

    def _previous_permanence(self, rng: random.Random, child: ChildStory) -> None:
        previous: PeriodStory | None = None
        for period in child.periods:
            if previous is not None and previous.reason_ceased in ADOPTED | SGO | {"E41"}:
                assert previous.end is not None
                period.previous_permanence = (
                    "P1"
                    if previous.reason_ceased in ADOPTED
                    else "P2"
                    if previous.reason_ceased in SGO
                    else "P3"
                )
                period.previous_permanence_la = self.council
                period.previous_permanence_date = previous.end
            elif previous is None and period.pathway != "uasc":
                roll = rng.random()
                earliest = child.date_of_birth + days(200)
                latest = period.start - days(60)
                if roll < 0.88 or latest <= earliest:
                    period.previous_permanence = "Z1"
                elif roll < 0.92:
                    period.previous_permanence = "P4"
                else:
                    period.previous_permanence = pick(rng, {"P2": 50, "P3": 30, "P1": 20})
                    period.previous_permanence_la = one_of(rng, NEIGHBOUR_COUNCILS)
                    period.previous_permanence_date = earliest + days(
                        rng.randint(0, (latest - earliest).days)
                    )
            else:
                period.previous_permanence = "Z1"
            previous = period

    # -- identity and family ------------------------------------------------------------------

    def _home_address(self, rng: random.Random, child: ChildStory, on: date) -> AddressStory | None:
        if child.uasc and not child.addresses:  # no home here: where they first presented
            postcode, town = self.postcode(rng, True)
            child.addresses.append(
                AddressStory("No settled address: presented to the council", town, postcode, on)
            )
        if not child.addresses:
            in_area = rng.random() < 0.85
            postcode, town = self.postcode(rng, in_area)
            first = AddressStory(
                f"{rng.randint(1, 180)} {one_of(rng, STREETS)}",
                town,
                postcode,
                child.date_of_birth,
                in_area=in_area,
            )
            child.addresses.append(first)
            if rng.random() < 0.25 and (on - child.date_of_birth).days > 400:
                moved = child.date_of_birth + days(
                    rng.randint(200, (on - child.date_of_birth).days - 1)
                )
                postcode, town = self.postcode(rng, True)
                first.end = moved
                child.addresses.append(
                    AddressStory(
                        f"{rng.randint(1, 180)} {one_of(rng, STREETS)}", town, postcode, moved
                    )
                )
        for address in child.addresses:
            if address.start <= on and (address.end is None or on < address.end):
                return address
        return child.addresses[-1]

    def _identity(self, rng: random.Random, child: ChildStory) -> None:
        dob = child.date_of_birth
        age = age_on(dob, self.today)
        if child.uasc:
            country, _, language, born, ethnicity = UASC_ORIGINS[
                rng.choices(range(len(UASC_ORIGINS)), [o[1] for o in UASC_ORIGINS])[0]
            ]
            assert child.uasc_start is not None
            recent = (self.today - child.uasc_start).days < 90
            child.nationalities = ["ZZ"] if recent and rng.random() < 0.4 else [country]
            child.ethnicity, child.first_language, child.place_of_birth = ethnicity, language, born
            child.religion = (
                "Christian" if country == "ER" else ("Buddhist" if country == "VN" else "Muslim")
            )
            child.upn_unknown_reason = "UN2"
            if (self.today - child.uasc_start).days > 30:
                child.nhs_number = self._nhs_number(rng)
            return
        child.ethnicity = pick(rng, ETHNICITY_WEIGHTS)
        child.nationalities = ["GB"]
        child.place_of_birth = one_of(rng, BIRTH_TOWNS)
        roll = rng.random()
        if roll < 0.025:  # EU and EEA nationals
            country, _, language, born, ethnicity = EU_NATIONALS[
                rng.choices(range(len(EU_NATIONALS)), [n[1] for n in EU_NATIONALS])[0]
            ]
            child.ethnicity = ethnicity if rng.random() < 0.8 else "WOTH"
            if rng.random() < 0.6:
                child.place_of_birth = born
                child.nationalities = [country]
            else:
                child.nationalities = [country] if rng.random() < 0.6 else ["GB", country]
            child.first_language = language if rng.random() < 0.7 else "English"
        elif child.ethnicity in OTHER_NATIONALS and rng.random() < 0.12:
            country, language = one_of(rng, OTHER_NATIONALS[child.ethnicity])
            child.nationalities = ["GB", country] if rng.random() < 0.5 else [country]
            child.first_language = language
        elif child.ethnicity in HOME_LANGUAGES and rng.random() < 0.2:
            child.first_language = one_of(rng, HOME_LANGUAGES[child.ethnicity])
        if child.ethnicity in ("APKN", "ABAN"):
            child.religion = "Muslim" if rng.random() < 0.9 else ""
        elif child.ethnicity == "AIND":
            child.religion = pick(rng, {"Sikh": 50, "Hindu": 35, "Muslim": 10, "": 5})
        else:
            child.religion = pick(rng, {"No religion": 45, "Christian": 30, "": 22, "Muslim": 3})
        if rng.random() < 0.07 or any(p.category_of_need == "N2" for p in child.periods):
            child.disability = one_of(rng, DISABILITIES)
        # A UPN from school age; under-5s and young people past school age may have none.
        if age < 5:
            child.upn_unknown_reason = "UN1"  # under school age: no UPN yet (DfE rule 209)
        elif rng.random() < 0.02:
            child.upn_unknown_reason = "UN4" if child.looked_after else "UN5"
        else:
            child.upn = self._upn(rng, dob)
        child.nhs_number = self._nhs_number(rng) if rng.random() < 0.995 else ""
        if child.sex == "F" and age >= 12:
            child.is_mother = False
            fifteen = birthday(dob, 15)
            if age >= 15 and rng.random() < 0.05:
                child.is_mother = True
                born_on = fifteen + days(rng.randint(0, (self.today - fifteen).days))
                child.mothers_child_dob = born_on

    def _upn(self, rng: random.Random, dob: date) -> str:
        la = one_of(rng, ["335", "335", "335", "333", "336", "330", "332"])
        school = f"{rng.randint(2000, 5999):04d}"
        year = f"{(dob.year + 4) % 100:02d}"
        serial = f"{rng.randint(0, 99):02d}" + one_of(rng, "0123456789ABCDEFGHJKLMNPQRTUVWXYZ")
        rest = la + school + year + serial
        return upn_check_letter(rest) + rest

    def _nhs_number(self, rng: random.Random) -> str:
        """A number from the range the NHS keeps for test data (999...), modulus 11 valid."""
        while True:
            digits = "999" + f"{rng.randint(0, 999999):06d}"
            total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
            check = 11 - total % 11
            if check == 11:
                check = 0
            if check != 10:
                return digits + str(check)

    def _family(self, rng: random.Random, child: ChildStory) -> None:
        first_start = child.periods[0].start
        if child.uasc:
            if rng.random() < 0.5:
                child.relatives.append(
                    RelativeStory(
                        f"{one_of(rng, ADULT_NAMES_F)} (surname not known)",
                        "mother",
                        True,
                        notes="Lives abroad; contact by phone when possible",
                    )
                )
        else:
            mother_surname = child.last_name if rng.random() < 0.8 else one_of(rng, CARER_SURNAMES)
            child.relatives.append(
                RelativeStory(
                    f"{one_of(rng, ADULT_NAMES_F)} {mother_surname}",
                    "mother",
                    True,
                    contact_details=f"07700 900{rng.randint(0, 999):03d}",
                )
            )
            if rng.random() < 0.85:
                surname = child.last_name if rng.random() < 0.5 else one_of(rng, CARER_SURNAMES)
                child.relatives.append(
                    RelativeStory(
                        f"{one_of(rng, ADULT_NAMES_M)} {surname}", "father", rng.random() < 0.65
                    )
                )
            for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3])):
                half = rng.random() < 0.35
                sex_pool = ADULT_NAMES_F + ADULT_NAMES_M
                child.relatives.append(
                    RelativeStory(
                        f"{one_of(rng, sex_pool)} {child.last_name}",
                        "half_sibling" if half else "sibling",
                        False,
                        notes=one_of(
                            rng,
                            [
                                "Lives at home",
                                "Also looked after",
                                "Adopted",
                                "Lives with grandparents",
                                "",
                            ],
                        ),
                    )
                )
            if rng.random() < 0.3:
                child.relatives.append(
                    RelativeStory(
                        f"{one_of(rng, ADULT_NAMES_F)} {child.last_name}",
                        "grandparent",
                        False,
                        contact_details=f"07700 900{rng.randint(0, 999):03d}",
                    )
                )
        for _ in range(2 if rng.random() < 0.03 else 1 if rng.random() < 0.12 else 0):
            room = (self.today - first_start).days
            on = first_start + days(rng.randint(0, room))
            ended = on + days(rng.randint(30, 400)) if rng.random() < 0.3 else None
            if ended is not None and ended > self.today:
                ended = None
            child.warnings.append((one_of(rng, WARNINGS), on, ended))


def eighteenth_birthday_on(on: date) -> tuple[date, date]:
    """A date of birth whose 18th birthday is `on` (or the day after, for 29 February)."""
    if (on.month, on.day) == (2, 29):
        on += days(1)
    return on.replace(year=on.year - 18), on


def pathway_allows_long_term(pathway: str) -> bool:
    return pathway in ("court", "s20_court", "s20")
