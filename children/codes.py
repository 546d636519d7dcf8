"""SSDA903 code lists (DfE, collection year 2025/26), and the other lists the record uses.

Code lists are data: models take their choices from here, the export writes
these codes, and screens show the labels. Codes that the DfE retired carry the
date from which they are invalid (RETIRED), so that an import of an old return
can say why a code is refused.
"""

from datetime import date

from django.db import models

from core.dates import age_on as age_on
from core.dates import birthday as birthday
from core.dates import long_date as long_date

CODE_LIST_YEAR = "2025/26"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class UPNUnknownReason(models.TextChoices):
    UN1 = "UN1", "Child is under school age and has no UPN yet"
    UN2 = "UN2", "Child has never attended a school in England"
    UN3 = "UN3", "Child is being educated at home"
    UN4 = "UN4", "Child has just started to be looked after; UPN not yet obtained"
    UN5 = "UN5", "Sources collating UPNs reflect errors in UPN and so not yet obtained"


class LegalStatus(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks (individual episodes)"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks (agreement)"
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    J1 = "J1", "Remanded to local authority accommodation or youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under PACE"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence requirement"


# When a child holds two orders at once, the 903 episode carries the one that
# governs the placement: a placement order over a care order, and so on.
LEGAL_STATUS_PRECEDENCE = [
    "E1",
    "D1",
    "C2",
    "C1",
    "J3",
    "J1",
    "J2",
    "L2",
    "L3",
    "L1",
    "V2",
    "V4",
    "V3",
]
YOUTH_JUSTICE_STATUSES = frozenset({"J1", "J2", "J3"})
# The only legal statuses that run together: a care order with a placement (or freeing) order.
CARE_ORDERS = frozenset({"C1", "C2"})
PLACEMENT_ORDERS = frozenset({"E1", "D1"})
SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
POLICE_PROTECTION = "L1"


class ReasonNewEpisode(models.TextChoices):
    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer(s) only"
    T = "T", "Change of placement but same carer(s)"
    B = "B", "Change of legal status and placement and carer(s) at the same time"
    U = "U", "Change of legal status and change of placement but same carer(s) at the same time"


class CategoryOfNeed(models.TextChoices):
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class PlacementType(models.TextChoices):
    A3 = "A3", "Placed for adoption with parental/guardian consent with current foster carer(s)"
    A4 = "A4", "Placed for adoption with parental/guardian consent not with current foster carer(s)"
    A5 = "A5", "Placed for adoption with placement order with current foster carer(s)"
    A6 = "A6", "Placed for adoption with placement order not with current foster carer(s)"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Registered supported accommodation"
    P1 = "P1", "Placed with own parent(s) or other person(s) with parental responsibility"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS/health trust or other establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = (
        "S1",
        "All residential schools, except where dual-registered as a school and children's home",
    )
    T0 = "T0", "Temporary: all types of temporary move"
    T1 = "T1", "Temporary: periods in hospital"
    T2 = "T2", "Temporary: absence on holiday"
    T3 = "T3", "Temporary: accommodation whilst normal carer is on holiday"
    T4 = "T4", "Temporary: accommodation in a different placement for 7 days or less"
    U1 = "U1", "Foster placement with relative or friend: long-term fostering"
    U2 = (
        "U2",
        "Foster placement with relative or friend who is also an approved adopter: fostering for adoption",
    )
    U3 = "U3", "Foster placement with relative or friend: other"
    U4 = "U4", "Foster placement with other foster carer: long-term fostering"
    U5 = (
        "U5",
        "Foster placement with other foster carer who is also an approved adopter: fostering for adoption",
    )
    U6 = "U6", "Foster placement with other foster carer: other"
    Z11 = (
        "Z11",
        "Other placements: unregulated (not in a children's home or supported accommodation)",
    )
    Z12 = "Z12", "Other placements: in a setting not otherwise listed"
    Z13 = "Z13", "Other placements: living independently"
    Z14 = "Z14", "Other placements: unregistered children's home"


ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
# Placed with a parent or other person with parental responsibility ("P" in the Care
# Planning Regulations 2010): the only placement that can be made under reg 19.
WITH_PARENT_PLACEMENT = "P1"
# Foster placements with a relative, friend or other connected person: the only ones whose
# carer can hold a temporary approval under reg 24 (the 903 has no code of its own for it).
CONNECTED_PERSON_PLACEMENTS = frozenset({"U1", "U2", "U3"})
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
# Placement types that have no provider in the 903 (DfE rule 213), and those that need
# no Ofsted URN (rule 218).
NO_PROVIDER_PLACEMENTS = TEMPORARY_PLACEMENTS | {"Z11", "Z12", "Z13", "Z14"}
NO_URN_PLACEMENTS = TEMPORARY_PLACEMENTS | {
    "P1",
    "P3",
    "R1",
    "R2",
    "R5",
    "Z11",
    "Z12",
    "Z13",
    "Z14",
}


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "Parents or other person with parental responsibility"
    PR1 = "PR1", "Own provision (by the local authority)"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision (for example, a primary care trust)"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary/third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    E11 = "E11", "Adopted: application for an adoption order unopposed"
    E12 = "E12", "Adopted: consent dispensed with by the court"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority in the UK"
    E4A = (
        "E4A",
        "Returned home to live with parents, relatives or others with parental responsibility as part of the care plan",
    )
    E4B = (
        "E4B",
        "Returned home to live with parents, relatives or others with parental responsibility not as part of the care plan",
    )
    E13 = (
        "E13",
        "Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility",
    )
    E41 = "E41", "Child arrangements order granted"
    E45 = (
        "E45",
        "Special guardianship order made to former foster carer(s), who were relatives or friends",
    )
    E46 = (
        "E46",
        "Special guardianship order made to former foster carer(s), other than relatives or friends",
    )
    E47 = (
        "E47",
        "Special guardianship order made to carer(s), other than former foster carer(s), who were relatives or friends",
    )
    E48 = (
        "E48",
        "Special guardianship order made to carer(s), other than former foster carer(s), other than relatives or friends",
    )
    E5 = "E5", "Moved into independent living arrangement with supportive accommodation"
    E6 = "E6", "Moved into independent living arrangement without formalised support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E8 = "E8", "Period of being looked after ceased for any other reason"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child is aged 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 (or over) and remained with current carers (staying put)"
    X1 = "X1", "Episode ceases, and new episode begins on same day, for any reason"


# The reasons a period of care can end with (every REC code but X1).
PERIOD_END_REASONS = [
    (c.value, c.label) for c in ReasonEpisodeCeased if c != ReasonEpisodeCeased.X1
]
SGO_REASONS = frozenset({"E45", "E46", "E47", "E48"})
ADOPTED_REASONS = frozenset({"E11", "E12"})


class ReasonPlaceChange(models.TextChoices):
    CARPL = "CARPL", "Change to the care plan, or a move towards permanence"
    CLOSE = "CLOSE", "Resignation or closure of the provision"
    ALLEG = "ALLEG", "Allegation against the carer (section 47 enquiry)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Carer's approval removed"
    CREQB = "CREQB", "Carer requested the move because of the child's behaviour"
    CREQO = "CREQO", "Carer requested the move for another reason"
    CHILD = "CHILD", "Child requested the move"
    LAREQ = "LAREQ", "The responsible or area council asked for the placement to end"
    PLACE = "PLACE", "Change of placement status only (for example to long-term fostering)"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class SWChangeReason(models.TextChoices):
    """Why a social worker was allocated (903 SW_REASON, on the episode that starts)."""

    FCONTA = "FCONTA", "First contact: the child's first social worker"
    MANAGE = "MANAGE", "Management decision (caseload, team change)"
    LEFTRL = "LEFTRL", "The previous social worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer to another stage of the process or another team"
    ABSENC = "ABSENC", "The previous social worker is absent"
    CHCHAN = "CHCHAN", "Child's circumstances changed (for example a move out of area)"
    PCCHAN = "PCCHAN", "Family or child requested a change"
    SWDIED = "SWDIED", "The previous social worker died"
    OTHERS = "OTHERS", "Other"


class PreviousPermanence(models.TextChoices):
    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence order or child arrangements order (to live with)"
    P4 = "P4", "Previous permanence option unknown"
    Z1 = "Z1", "No previous permanence option"


class ReasonPlacedCeased(models.TextChoices):
    RD1 = "RD1", "The child's needs changed after the decision"
    RD2 = "RD2", "The court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class AdopterSex(models.TextChoices):
    M1 = "M1", "Male single adopter"
    F1 = "F1", "Female single adopter"
    MM = "MM", "Male couple"
    FF = "FF", "Female couple"
    MF = "MF", "Mixed-sex couple"


class AdopterLegalStatus(models.TextChoices):
    L0 = "L0", "Single adopter"
    L11 = "L11", "Married couple, a man and a woman"
    L12 = "L12", "Married couple of the same sex"
    L2 = "L2", "Couple in a civil partnership"
    L3 = "L3", "Unmarried couple, a man and a woman"
    L4 = "L4", "Unmarried couple of the same sex"


# Which adopters each legal status describes (DfE rules 520-524 and their kin).
ADOPTER_SEXES_FOR_STATUS = {
    "L0": frozenset({"M1", "F1"}),
    "L11": frozenset({"MF"}),
    "L12": frozenset({"MM", "FF"}),
    "L2": frozenset({"MM", "FF", "MF"}),
    "L3": frozenset({"MF"}),
    "L4": frozenset({"MM", "FF"}),
}


class PermanencePlan(models.TextChoices):
    RETURN_HOME = "return_home", "Return home"
    ADOPTION = "adoption", "Adoption"
    SGO = "sgo", "Special guardianship order"
    CAO = "cao", "Child arrangements order"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    RESIDENTIAL = "residential", "Residential care"
    INDEPENDENT_LIVING = "independent_living", "Independent living"


class AgeAssessmentOutcome(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed: age accepted"
    PENDING = "pending", "Assessment under way"
    UNDER_18 = "under_18", "Assessed as under 18"
    ADULT = "adult", "Assessed as 18 or over"


class RelationshipType(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    CARER = "carer", "Carer"
    FRIEND = "friend", "Family friend"
    OTHER = "other", "Other"


# DfE local authority codes (as the SSDA903 PrevPerm table takes them), plus the codes
# for the other UK nations and 999 for an authority not known.
DFE_LA_CODES = frozenset(
    [
        "800",
        "889",
        "822",
        "301",
        "304",
        "303",
        "330",
        "825",
        "837",
        "302",
        "846",
        "370",
        "350",
        "890",
        "867",
        "380",
        "305",
        "801",
        "351",
        "873",
        "823",
        "895",
        "896",
        "381",
        "909",
        "202",
        "908",
        "331",
        "306",
        "841",
        "830",
        "831",
        "878",
        "371",
        "835",
        "332",
        "840",
        "307",
        "308",
        "811",
        "881",
        "845",
        "390",
        "916",
        "203",
        "876",
        "850",
        "311",
        "204",
        "884",
        "312",
        "205",
        "313",
        "805",
        "919",
        "310",
        "309",
        "420",
        "921",
        "206",
        "207",
        "886",
        "810",
        "382",
        "314",
        "340",
        "888",
        "208",
        "856",
        "383",
        "855",
        "209",
        "925",
        "341",
        "201",
        "821",
        "352",
        "806",
        "887",
        "826",
        "315",
        "929",
        "812",
        "391",
        "926",
        "892",
        "813",
        "802",
        "928",
        "891",
        "392",
        "316",
        "815",
        "353",
        "931",
        "879",
        "836",
        "851",
        "874",
        "807",
        "354",
        "317",
        "870",
        "318",
        "372",
        "857",
        "333",
        "935",
        "343",
        "803",
        "373",
        "342",
        "893",
        "356",
        "355",
        "871",
        "394",
        "334",
        "933",
        "882",
        "936",
        "861",
        "852",
        "319",
        "860",
        "808",
        "393",
        "866",
        "210",
        "357",
        "894",
        "883",
        "880",
        "358",
        "211",
        "937",
        "869",
        "320",
        "359",
        "865",
        "384",
        "335",
        "336",
        "212",
        "868",
        "872",
        "885",
        "344",
        "877",
        "213",
        "938",
        "816",
        "999",
        "WAL",
        "SCO",
        "NUK",
        "NIR",
    ]
)

# Codes the DfE has retired, and the date from which each is invalid.
RETIRED = {
    ("PLACE", "P2"): date(2023, 10, 28),
    ("SEX", "1"): date(2024, 4, 1),
    ("SEX", "2"): date(2024, 4, 1),
}

# Nationality: ISO 3166 alpha-2 codes (pycountry), plus explicit "not yet known".
NATIONALITY_NOT_KNOWN = "ZZ"
# EU member states, the other EEA states (Iceland, Liechtenstein, Norway) and
# Switzerland: nationals (and their family members) needed the EU Settlement Scheme.
EUSS_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "CH",
    ]
)


class ParticipationCode(models.TextChoices):
    """How the child took part in a review (SSDA903 Reviews, REVIEW_CODE)."""

    PN0 = "PN0", "Child aged under 4 at the time of the review"
    PN1 = "PN1", "Child attended and spoke for themselves"
    PN2 = "PN2", "Child attended and an advocate spoke for them"
    PN3 = "PN3", "Child attended and conveyed their views non-verbally"
    PN4 = "PN4", "Child attended but did not convey their views"
    PN5 = "PN5", "Child did not attend; an advocate conveyed their views"
    PN6 = "PN6", "Child did not attend; their views were conveyed another way"
    PN7 = "PN7", "Child did not attend and their views were not conveyed"


UNDER_FOUR_PARTICIPATION = "PN0"
# A child aged 4 or more took part in the review unless the code is PN7 (did not attend
# and views not conveyed): PN1 to PN6. The one definition the reports use.
PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})


def participation_for_age(date_of_birth: date, held_on: date) -> str | None:
    """PN0 for a child under 4 on the day of the review; otherwise None (the IRO records
    how the child took part)."""
    return UNDER_FOUR_PARTICIPATION if age_on(date_of_birth, held_on) < 4 else None


def country_choices() -> list[tuple[str, str]]:
    import pycountry

    countries = sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda x: x[1])
    return [(NATIONALITY_NOT_KNOWN, "Not yet known"), *countries]


def label(choices: type[models.TextChoices], code: str) -> str:
    """The words for a code, or the code itself when it is not in the list."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code
