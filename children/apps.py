from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "children"
    verbose_name = "Children"

    def ready(self) -> None:
        # Every app's part of the child's page registers itself in its `child_page`
        # module (children.child_page); its checks of the child's history, in its
        # `history_check` module (children.history_check).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("child_page")
        autodiscover_modules("history_check")
