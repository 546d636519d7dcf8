from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deadlines"
    verbose_name = "Statutory deadlines"

    def ready(self) -> None:
        from django.conf import settings
        from django.utils.module_loading import autodiscover_modules

        from deadlines import triggers
        from deadlines.timescales import install_timescales

        # Each app's rules, with their facts and timescales (decision 0023).
        autodiscover_modules("deadline_rules")
        install_timescales(settings.CONSTANCE_CONFIG, settings.CONSTANCE_CONFIG_FIELDSETS)
        triggers.connect()
