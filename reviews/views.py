"""The IRO service's pages: IRO caseloads against the range, and each IRO's children."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import User
from core.http import AuthenticatedRequest
from reviews import forms, selectors, services


def caseloads(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_see_caseloads(user=request.user):
        raise PermissionDenied
    rows = selectors.iro_caseloads(user=request.user)
    return render(
        request,
        "reviews/caseloads.html",
        {"rows": rows, "range": selectors.caseload_range()},
    )


def caseload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not selectors.can_see_caseloads(user=request.user):
        raise PermissionDenied
    iro = get_object_or_404(User, pk=pk)
    rows = selectors.caseload_with_next_review(user=request.user, iro=iro)
    return render(
        request,
        "reviews/caseload.html",
        {
            "iro": iro,
            "rows": rows,
            "range": selectors.caseload_range(),
            "can_allocate": selectors.can_allocate_iros(user=request.user),
        },
    )


def review_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The child's IRO (or an IRO manager) records a review held."""
    from children.selectors import child_for_user
    from children.views import _service_form

    child = child_for_user(user=request.user, pk=pk)
    if not selectors.can_record_review(user=request.user):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST or None)

    def action(data: dict) -> object:
        return services.review_record(
            child=child,
            held_on=data["held_on"],
            next_review_directed_by=data["next_review_directed_by"],
            participation=data["participation"],
            by=request.user,
        )

    return _service_form(
        request,
        child=child,
        form=form,
        title="Record a review",
        action=action,
        done="Review recorded",
        intro="The next review's due date is worked out from this one (reg 33).",
    )
