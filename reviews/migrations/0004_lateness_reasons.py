"""The reasons a review is held out of timescale, as councils report them (seeds 001,
002, 003: the social worker's report not submitted in time, late notification of
admission or of a change, IRO or social worker sickness, the child's or family's
request). An administrator edits the list in the admin."""

from django.db import migrations

REASONS = [
    "Social worker's report not received in time",
    "Late notification of admission to care",
    "Late notification of a change in the child's circumstances",
    "IRO unavailable (sickness or leave)",
    "Social worker unavailable (sickness or leave)",
    "At the child's request",
    "Family unavailable",
    "Carer unavailable",
    "Professionals unavailable",
    "Interpreter or venue not available",
    "Other",
]


def seed(apps, schema_editor):
    LatenessReason = apps.get_model("reviews", "LatenessReason")
    for order, name in enumerate(REASONS, start=1):
        LatenessReason.objects.get_or_create(name=name, defaults={"order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("reviews", "LatenessReason").objects.filter(name__in=REASONS).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_booking_recording_recommendations")]

    operations = [migrations.RunPython(seed, unseed)]
