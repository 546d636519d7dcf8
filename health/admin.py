from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from health.models import IhaLatenessReason


@admin.register(IhaLatenessReason)
class IhaLatenessReasonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "active", "order")
    list_editable = ("active", "order")
    ordering = ("order", "name")
