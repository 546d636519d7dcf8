"""Seed the PEP quality scale from seed 002 (Walsall's Corporate Parenting Board pack):
since 2021/22 completed PEPs are rated "Meets the required standard" or "Doesn't meet
the required standard"; the earlier scale (outstanding, good, requires improvement,
inadequate) is kept, inactive, for councils that still use it."""

from django.db import migrations

RATINGS = [
    # name, meets the standard, active, order
    ("Meets the required standard", True, True, 10),
    ("Does not meet the required standard", False, True, 20),
    ("Outstanding", True, False, 110),
    ("Good", True, False, 120),
    ("Requires improvement", False, False, 130),
    ("Inadequate", False, False, 140),
]


def seed(apps, schema_editor):
    rating = apps.get_model("education", "PepQualityRating")
    for name, meets, active, order in RATINGS:
        rating.objects.get_or_create(
            name=name, defaults={"meets_standard": meets, "active": active, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("education", "PepQualityRating").objects.filter(
        name__in=[r[0] for r in RATINGS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
