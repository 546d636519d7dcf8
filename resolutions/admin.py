from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import QopReason, Theme


@admin.register(Theme, QopReason)
class ListEntryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]
    search_fields = ["name"]
