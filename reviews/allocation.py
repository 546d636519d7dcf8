"""The IRO manager's pages for allocating IROs: one child at a time from the child's
page, or several children moved from one IRO to another to rebalance caseloads."""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.http import AuthenticatedRequest
from accounts.models import User
from accounts.permissions import Action, allows
from children.form_pages import child_form_page, writable_child
from core.form_views import service_form_page
from reviews import forms, selectors, services


def iro_allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.ALLOCATE_IRO)
    form = forms.IroAllocationForm(request.POST or None, iros=selectors.iros_to_allocate())
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Allocate an IRO",
        service=partial(services.iro_allocate, child=child, by=request.user),
        done="IRO allocated",
        intro="The IRO currently allocated, if any, stops on the same day. Each IRO is "
        "shown with the number of children they hold now.",
    )


def caseload_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move some of an IRO's children to another IRO, all in one go."""
    if not allows(user=request.user, action=Action.ALLOCATE_IRO):
        raise PermissionDenied
    iro = get_object_or_404(User, pk=pk)
    caseload = list(selectors.caseload_of(user=request.user, iro=iro))
    form = forms.IroMoveForm(
        request.POST or None,
        iros=selectors.iros_to_allocate().exclude(pk=iro.pk),
        children=caseload,
    )

    def service(*, children: list[int], **data: Any) -> list:
        chosen = set(children)
        return services.iro_reallocate(
            children=[c for c in caseload if c.pk in chosen], by=request.user, **data
        )

    def done(moved: list) -> str:
        n = len(moved)
        return f"{n} {'child' if n == 1 else 'children'} moved to {form.cleaned_data['iro']}"

    return service_form_page(
        request,
        form=form,
        service=service,
        done=done,
        success=reverse("reviews:caseload", args=[iro.pk]),
        template="reviews/caseload_move.html",
        context={"iro": iro},
    )
