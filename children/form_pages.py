"""The pages that record something about one child: the child the user may write to,
and the form page (core.form_views) with the child's name in its caption. Every app's
forms about a child go through these."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows
from children.models import Child
from children.selectors import child_for_action, child_for_section
from core.form_views import FORM_PAGE, service_form_page


def writable_child(
    request: AuthenticatedRequest, pk: int, action: Action, *, section: str = ""
) -> Child:
    """The child with `pk` for a page that takes `action` on them: 404 if the user may
    not see the child (or, with `section`, that part of their record), 403 if their role
    may not take the action (accounts.permissions)."""
    if not section:
        return child_for_action(user=request.user, pk=pk, action=action)
    child = child_for_section(user=request.user, pk=pk, section=section)
    if not allows(user=request.user, action=action):
        raise PermissionDenied
    return child


def child_form_page(
    request: AuthenticatedRequest,
    *,
    child: Child,
    form: forms.Form,
    service: Callable[..., Any],
    title: str,
    done: str | Callable[[Any], str],
    back: str = "",
    back_label: str = "Back",
    success: str | Callable[[Any], str] = "",
    intro: str = "",
    intro_lines: bool = False,
    caption: str = "",
    submit: str = "Save",
    cancel: str = "Cancel",
    template: str = FORM_PAGE,
    extra: dict | None = None,
) -> HttpResponse:
    """Show `form` about `child`; when it is valid, call `service` with its cleaned data;
    a rule it breaks is shown in the error summary and nothing is written. The back and
    cancel links go to `back` (the child's page unless said), and so does a save unless
    `success` says otherwise. `intro_lines` keeps the line breaks of an intro that is
    someone's text."""
    if not back:
        back = reverse("children:detail", kwargs={"pk": child.pk})
        back_label = f"Back to {child.full_name}"
    return service_form_page(
        request,
        form=form,
        service=service,
        done=done,
        success=success or back,
        template=template,
        context={
            "child": child,
            "title": title,
            "intro": intro,
            "intro_lines": intro_lines,
            "caption": caption,
            "back": back,
            "back_label": back_label,
            "submit": submit,
            "cancel": cancel,
            **(extra or {}),
        },
    )
