"""Health code lists: the SSDA903 OC2 reason for no SDQ score, who did a review health
assessment, the SDQ bands and the answers about a substance misuse intervention."""

from django.db import models


class SdqReason(models.TextChoices):
    """SSDA903 OC2 SDQ_REASON: why there is no SDQ score (DfE CLA guide, 2025/26; the
    validator, lac_validator rule 196, accepts exactly these five)."""

    SDQ1 = "SDQ1", "No form returned: child aged under 4 or over 16 at the date of assessment"
    SDQ2 = "SDQ2", "Carer refused to complete and return the questionnaire"
    SDQ3 = "SDQ3", "Not possible to complete because of the severity of the child's disability"
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "Child or young person refused to allow an SDQ to be completed"


class SdqBand(models.TextChoices):
    """The SDQ total difficulties score's band (DOMAIN.md glossary)."""

    NORMAL = "normal", "Normal"
    BORDERLINE = "borderline", "Borderline"
    CONCERN = "concern", "Cause for concern"


SDQ_MAX_SCORE = 40


def sdq_band(score: int) -> str:
    """0–13 normal, 14–16 borderline, 17–40 cause for concern."""
    if not 0 <= score <= SDQ_MAX_SCORE:
        raise ValueError(f"An SDQ score is from 0 to 40, not {score}")
    if score <= 13:
        return SdqBand.NORMAL
    if score <= 16:
        return SdqBand.BORDERLINE
    return SdqBand.CONCERN


class Assessor(models.TextChoices):
    """Who carried out a review health assessment."""

    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    OUT_OF_AREA = "out_of_area", "Out-of-area provider"
    GP = "gp", "GP"
    LAC_NURSE = "lac_nurse", "Looked-after children's nurse"
    PAEDIATRICIAN = "paediatrician", "Paediatrician"
    OTHER = "other", "Other"


class Intervention(models.TextChoices):
    """What happened about an intervention for substance misuse. OC2 reads it as
    INTERVENTION_RECEIVED = 1 for "received" and INTERVENTION_OFFERED = 1 for "offered
    but declined" (the DfE guide: offered an intervention but refused it)."""

    RECEIVED = "received", "Offered and received"
    DECLINED = "declined", "Offered but declined"
    NOT_OFFERED = "not_offered", "Not offered"


# The reasons an initial health assessment was late that a council starts with (seed
# 002's ICB report; the issue). Seeded by migration 0002 (which keeps its own copy, as
# migrations do); administrators add, rename, reorder and retire them in the admin.
IHA_LATENESS_REASONS = [
    "Late notification to health",
    "Missed appointment",
    "Child missing",
    "Hospital stay",
    "Health capacity (no appointment available)",
    "Consent delayed",
    "Placed out of area",
    "Child or carer declined or rearranged the appointment",
    "Paperwork returned late",
    "Other",
]
