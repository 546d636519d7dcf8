from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import PartnerOrganisation, Team, User
from accounts.selectors import role_changes
from accounts.services import ACCESS_FIELDS, SUPERUSER_FIELDS, check_account_change
from core.exceptions import ApplicationError


def _checked(form_class: type[forms.ModelForm], by: User) -> type[forms.ModelForm]:
    """`form_class`, refusing what `by` may not change (accounts.services)."""

    class Checked(form_class):  # type: ignore[valid-type, misc]
        def clean(self) -> dict:
            cleaned = super().clean()
            try:
                check_account_change(by=by, user=self.instance, changed=set(self.changed_data))
            except ApplicationError as error:
                field = error.field if error.field in self.fields else None
                self.add_error(field, error.message)
            return cleaned

    return Checked


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
    # Each row of the account's history shows the role and access it had.
    history_list_display = ["role", "team", "is_active", "is_staff", "is_superuser"]
    search_fields = (*DjangoUserAdmin.search_fields, "sw_registration")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Harbour",
            {
                "fields": (
                    "role",
                    "team",
                    "partner_organisation",
                    "job_title",
                    "sw_registration",
                    "role_history",
                )
            },
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

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = ["role_history", *super().get_readonly_fields(request, obj)]
        user = request.user
        if obj is not None and obj.pk == user.pk:
            fields += ACCESS_FIELDS
        elif not user.is_superuser:
            fields += SUPERUSER_FIELDS
        return list(dict.fromkeys(fields))

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _checked(form, request.user)  # type: ignore[arg-type]

    @admin.display(description="Role changes")
    def role_history(self, obj: User) -> str:
        changes = role_changes(user=obj) if obj.pk else []
        if not changes:
            return "No change of role recorded"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: from {} to {}, by {}</li>",
                (
                    (f"{c.on:%-d %B %Y %H:%M}", c.before, c.after, c.by or "the system")
                    for c in changes
                ),
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
