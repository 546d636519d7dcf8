"""`{% load permissions %}` then `{% if user|may:"record_health" %}`: which links and
buttons a page shows, from the same table the services check (accounts.permissions)."""

from django import template

from accounts import permissions

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    return permissions.allows(user=user, action=action)
