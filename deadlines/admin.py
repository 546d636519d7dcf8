from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from deadlines.models import NonWorkingDay


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "name")
    search_fields = ("name",)
