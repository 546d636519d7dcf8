from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "care_leavers"
    verbose_name = "Care leavers"
