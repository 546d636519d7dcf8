from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import LatenessReason


@admin.register(LatenessReason)
class LatenessReasonAdmin(SimpleHistoryAdmin):
    """The list an IRO chooses from when a review was held out of timescale. Retire a
    reason by making it inactive: reviews already recorded keep it."""

    list_display = ("name", "active", "order")
    list_editable = ("active", "order")
    search_fields = ("name",)
