from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from education.models import PepQualityRating


@admin.register(PepQualityRating)
class PepQualityRatingAdmin(SimpleHistoryAdmin):
    list_display = ("name", "meets_standard", "active", "order")
    list_editable = ("active", "order")
    ordering = ("order", "name")
