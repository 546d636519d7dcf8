from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deadlines"
    verbose_name = "Statutory deadlines"

    def ready(self) -> None:
        from deadlines import triggers

        triggers.connect()
