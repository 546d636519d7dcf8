from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import PartnerOrganisation, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "team",
        "sw_registration",
        "is_active",
    )
    list_filter = ("role", "team", "partner_organisation", "is_active")
    search_fields = (*DjangoUserAdmin.search_fields, "sw_registration")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Harbour",
            {"fields": ("role", "team", "partner_organisation", "job_title", "sw_registration")},
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            "Harbour",
            {
                "fields": (
                    "role",
                    "team",
                    "partner_organisation",
                    "first_name",
                    "last_name",
                    "sw_registration",
                )
            },
        ),
    )


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "manager")
    search_fields = ("name",)


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)
