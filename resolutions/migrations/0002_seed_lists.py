"""The councils' own lists: resolution themes (seed 002, paragraph 7.3; seed 003, tables
8 and 9) and Quality of Practice reasons (seed 001). Administrators edit them afterwards."""

from django.db import migrations
from django.utils import timezone

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


def seed(apps, schema_editor):
    for model_name, names in (("Theme", THEMES), ("QopReason", QOP_REASONS)):
        model = apps.get_model("resolutions", model_name)
        history = apps.get_model("resolutions", f"Historical{model_name}")
        for order, name in enumerate(names, start=1):
            entry, created = model.objects.get_or_create(name=name, defaults={"order": order * 10})
            if created:
                history.objects.create(
                    id=entry.pk,
                    name=entry.name,
                    active=entry.active,
                    order=entry.order,
                    history_date=timezone.now(),
                    history_type="+",
                    history_change_reason="Seeded from the councils' published lists",
                )


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0001_resolutions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
