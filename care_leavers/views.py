"""The leaving-care pages: a young person's leaving-care record (it continues the
child's record), the forms that add to it, the personal adviser's caseload and the
managers' list of care leavers with seed 002's measures."""

from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.permissions import Action, allows
from care_leavers import forms, selectors, services
from care_leavers.categories import CATEGORY_CHOICES
from care_leavers.models import PLAN_SECTIONS
from children.form_pages import child_form_page, writable_child
from children.models import Child
from children.selectors import child_for_user


def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The young person's leaving-care record: anyone who may see the child."""
    child = child_for_user(user=request.user, pk=pk)
    status = selectors.status_for(child=child)
    context = {
        "child": child,
        "care_leaver": status,
        "leaving_care": selectors.leaving_care_record(child=child, status=status)
        if status.is_care_leaver
        else None,
        "deadlines": selectors.leaving_care_deadlines(child=child),
        "personal_adviser": selectors.current_personal_adviser(child=child),
        "can_record": allows(user=request.user, action=Action.RECORD_CARE_LEAVER),
        "can_allocate": allows(user=request.user, action=Action.ALLOCATE_PERSONAL_ADVISER),
    }
    return render(request, "care_leavers/record.html", context)


def _record_form(request: AuthenticatedRequest, *, child: Child, **page: Any) -> HttpResponse:
    """A form page that adds to the leaving-care record, and returns to it."""
    return child_form_page(
        request,
        child=child,
        back=reverse("care_leavers:record", kwargs={"pk": child.pk}),
        back_label="Back to leaving care",
        **page,
    )


def contact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_LEAVER)
    return _record_form(
        request,
        child=child,
        form=forms.ContactForm(request.POST or None),
        title="Record a contact",
        service=partial(services.contact_record, child=child, by=request.user),
        done="Contact recorded",
        intro="Record attempts that did not reach the young person too: the next contact "
        "is due from the last one in which they were in touch.",
    )


def accommodation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_LEAVER)
    return _record_form(
        request,
        child=child,
        form=forms.AccommodationForm(request.POST or None),
        title="Record a change of accommodation",
        service=partial(services.accommodation_record, child=child, by=request.user),
        done="Accommodation recorded",
    )


def activity_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_LEAVER)
    return _record_form(
        request,
        child=child,
        form=forms.ActivityForm(request.POST or None),
        title="Record a change of activity",
        service=partial(services.activity_record, child=child, by=request.user),
        done="Activity recorded",
    )


def assessment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_LEAVER)
    return _record_form(
        request,
        child=child,
        form=forms.NeedsAssessmentForm(request.POST or None),
        title="Record a needs assessment",
        service=partial(services.needs_assessment_record, child=child, by=request.user),
        done="Needs assessment recorded",
    )


def plan_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_LEAVER)
    latest = child.pathway_plans.order_by("-agreed_on", "-pk").first()
    # A review starts from the plan it reviews.
    initial = {s: getattr(latest, s) for s in PLAN_SECTIONS} if latest else {}
    form = forms.PathwayPlanForm(request.POST or None, initial=initial)

    def service(*, agreed_on: date, young_persons_views: str, **sections: str) -> object:
        return services.pathway_plan_record(
            child=child,
            agreed_on=agreed_on,
            views=young_persons_views,
            sections=sections,
            by=request.user,
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Review the pathway plan" if latest else "Record the pathway plan",
        service=service,
        done="Pathway plan recorded",
        intro="The next review is due 6 months after the date agreed.",
    )


def adviser_allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.ALLOCATE_PERSONAL_ADVISER)
    form = forms.PersonalAdviserForm(request.POST or None, advisers=selectors.personal_advisers())
    return _record_form(
        request,
        child=child,
        form=form,
        title="Allocate a personal adviser",
        service=partial(services.personal_adviser_allocate, child=child, by=request.user),
        done="Personal adviser allocated",
    )


# --- lists -----------------------------------------------------------------------------


def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The personal adviser's own care leavers, and their leaving-care work."""
    if request.user.role != Role.PERSONAL_ADVISER:
        raise PermissionDenied
    rows = selectors.care_leaver_rows(user=request.user, adviser=request.user)
    work = selectors.adviser_work(user=request.user)
    return render(
        request,
        "care_leavers/caseload.html",
        {"rows": rows, "work": work, "measures": selectors.measures(rows)},
    )


def care_leaver_list(request: AuthenticatedRequest) -> HttpResponse:
    """The managers' list of care leavers, filterable, with seed 002's measures."""
    if not selectors.can_see_list(user=request.user):
        raise PermissionDenied
    filters = selectors.Filters.from_query(request.GET)
    rows = selectors.care_leaver_rows(user=request.user)
    shown = selectors.filter_rows(rows, filters)
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    adviser = (
        get_object_or_404(User, pk=filters.adviser, role=Role.PERSONAL_ADVISER)
        if filters.adviser
        else None
    )
    return render(
        request,
        "care_leavers/list.html",
        {
            "page": page,
            "filters": filters,
            "query": filters.as_query(),
            "adviser": adviser,
            "measures": selectors.measures(rows, filters),
            "caseloads": selectors.adviser_caseloads(rows),
            "categories": CATEGORY_CHOICES,
            "age_bands": list(selectors.AGE_BANDS),
            "today": timezone.localdate(),
        },
    )
