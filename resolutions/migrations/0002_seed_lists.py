"""The councils' own lists: resolution themes (seed 002, paragraph 7.3; seed 003, tables
8 and 9) and Quality of Practice reasons (seed 001). Administrators edit them afterwards."""

from django.db import migrations
from django.utils import timezone

from resolutions.seeds import QOP_REASONS, THEMES

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
