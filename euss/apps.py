from django.apps import AppConfig


class EussConfig(AppConfig):
    name = "euss"
    verbose_name = "EU Settlement Scheme"
