"""The council's starting list of reasons an initial health assessment was late."""

from django.db import migrations

REASONS = [
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


def seed(apps, schema_editor):
    reason = apps.get_model("health", "IhaLatenessReason")
    for order, name in enumerate(REASONS, start=1):
        reason.objects.get_or_create(name=name, defaults={"order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("health", "IhaLatenessReason").objects.filter(name__in=REASONS).delete()


class Migration(migrations.Migration):
    dependencies = [("health", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
