"""The councils' own lists, as first seeded: resolution themes (seed 002, paragraph 7.3;
seed 003, tables 8 and 9) and Quality of Practice reasons (seed 001). Administrators edit
them in the admin afterwards; `ensure_lists` puts back any that are missing (a database
flushed between tests, a demo built into an emptied database) without touching the rest."""

THEMES = [
    "Drift and delay in the plan",
    "No care plan or pathway plan",
    "Care or pathway plan not updated",
    "Care plan presented on the day of the review",
    "Risks not addressed effectively",
    "Child not seen or not seen at home",
    "Visits not done within timescale",
    "No health assessment",
    "No PEP",
    "No SDQ",
    "No placement plan",
    "Placement not meeting needs",
    "Unregulated placement or post-18 provision",
    "Contact arrangements / lack of family contact",
    "Permanence plan: assessments not progressing",
    "Adoption: medical or application delayed",
    "Identity, EU Settlement Scheme or immigration",
    "Care leaver support",
    "Outstanding actions from the review",
    "Delay in allocation / unallocated case",
    "Social worker report late or review cancelled",
    "No life story work",
    "Everyday life of the child not reported",
    "Lack of engagement with those important to the child",
    "Other",
]

QOP_REASONS = [
    "No chronology or chronology not up to date",
    "Visit done but not recorded",
    "Care plan not updated",
    "Social worker report late or not shared",
    "Assessment out of date",
    "Case summary not up to date",
    "Supervision not recorded",
    "Placement plan not on file",
    "Review recommendations not actioned on the record",
    "Other",
]


def ensure_lists() -> None:
    """Create the seeded entries that are missing (each with its history)."""
    from resolutions.models import QopReason, Theme

    for model, names in ((Theme, THEMES), (QopReason, QOP_REASONS)):
        existing = set(model.objects.values_list("name", flat=True))
        for order, name in enumerate(names, start=1):
            if name not in existing:
                model.objects.create(name=name, order=order * 10)
