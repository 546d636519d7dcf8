from django import template

from accounts.models import User
from casework import selectors

register = template.Library()


@register.filter
def can_write_notes(user: User) -> bool:
    return selectors.can_write_notes(user=user)
