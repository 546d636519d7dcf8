"""How long free text may be: limits no practitioner meets, so that no field takes a
megabyte and no PDF takes a minute to print.

Forms bound every text field (`GovukFormMixin`: a field without its own `max_length`
gets `SHORT_TEXT` as a one-line input, `LONG_TEXT` as a text area, and the page says so
in its hint or character count). Whatever writes a record (a service, the SSDA903 import,
a command) is bounded too: `check_text_lengths` runs before every save of
a project model and refuses text longer than its column's `max_length`, or `LONG_TEXT`
for a text column without one, with a message on the field."""

from django.db import models

from core.exceptions import ApplicationError

SHORT_TEXT = 200
LONG_TEXT = 20_000


def text_limit(field: models.Field) -> int | None:
    if isinstance(field, models.TextField):
        return field.max_length or LONG_TEXT
    if isinstance(field, models.CharField):
        return field.max_length
    return None


def too_long_message(label: str, limit: int) -> str:
    return f"{label[:1].upper()}{label[1:]} must be {limit:,} characters or fewer"


def check_text_lengths(instance: models.Model) -> None:
    """Refuse `instance` if any of its text is longer than its field allows."""
    for field in instance._meta.concrete_fields:
        limit = text_limit(field)
        value = getattr(instance, field.attname, None)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            raise ApplicationError(
                too_long_message(str(field.verbose_name), limit), field=field.name
            )


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    # History rows copy a record already checked; fixtures (raw) are loaded as they are.
    if raw or sender._meta.app_label in ("sessions", "admin", "contenttypes"):
        return
    if sender.__name__.startswith("Historical"):
        return
    check_text_lengths(instance)


def connect() -> None:
    """Check every model of the project's apps before it is saved (from CoreConfig.ready)."""
    from django.apps import apps
    from django.conf import settings
    from django.db.models.signals import pre_save

    root = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if config.path.startswith(root) and ".venv" not in config.path:
            for model in config.get_models():
                pre_save.connect(_before_save, sender=model, dispatch_uid=f"limits-{model}")
