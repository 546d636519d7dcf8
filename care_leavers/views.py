"""The leaving-care pages: a young person's leaving-care record (it continues the
child's record), the forms that add to it, the personal adviser's caseload and the
managers' list of care leavers with seed 002's measures."""

from collections.abc import Callable

from django import forms as django_forms
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
from children.forms import yes_no
from children.models import Child
from children.selectors import child_for_user
from core.form_views import service_form_page


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


def _writable(request: AuthenticatedRequest, pk: int) -> Child:
    child = child_for_user(user=request.user, pk=pk)
    if not allows(user=request.user, action=Action.RECORD_CARE_LEAVER):
        raise PermissionDenied
    return child


def _record_form(
    request: AuthenticatedRequest,
    *,
    child: Child,
    form: django_forms.Form,
    title: str,
    action: Callable[[dict], object],
    done: str,
    intro: str = "",
) -> HttpResponse:
    """Show `form`; when it is valid, call the service; a rule it breaks is shown on the
    form's field (or at the top) in the error summary, and nothing is written."""
    return service_form_page(
        request,
        form=form,
        action=action,
        done=done,
        success=reverse("care_leavers:record", kwargs={"pk": child.pk}),
        template="care_leavers/form.html",
        context={"child": child, "title": title, "intro": intro},
    )


def contact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.ContactForm(request.POST or None)

    def action(data: dict) -> object:
        return services.contact_record(
            child=child,
            contact_date=data["contact_date"],
            contact_type=data["contact_type"],
            outcome=data["outcome"],
            notes=data["notes"],
            by=request.user,
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Record a contact",
        action=action,
        done="Contact recorded",
        intro="Record attempts that did not reach the young person too: the next contact "
        "is due from the last one in which they were in touch.",
    )


def accommodation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.AccommodationForm(request.POST or None)

    def action(data: dict) -> object:
        return services.accommodation_record(
            child=child,
            start_date=data["start_date"],
            accommodation=data["accommodation"],
            suitable=yes_no(data["suitable"]),
            unsuitable_reason=data["unsuitable_reason"],
            notes=data["notes"],
            by=request.user,
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Record a change of accommodation",
        action=action,
        done="Accommodation recorded",
    )


def activity_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.ActivityForm(request.POST or None)

    def action(data: dict) -> object:
        return services.activity_record(
            child=child,
            start_date=data["start_date"],
            activity=data["activity"],
            details=data["details"],
            by=request.user,
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Record a change of activity",
        action=action,
        done="Activity recorded",
    )


def assessment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.NeedsAssessmentForm(request.POST or None)

    def action(data: dict) -> object:
        return services.needs_assessment_record(
            child=child, completed_on=data["completed_on"], summary=data["summary"], by=request.user
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Record a needs assessment",
        action=action,
        done="Needs assessment recorded",
    )


def plan_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    latest = child.pathway_plans.order_by("-agreed_on", "-pk").first()
    # A review starts from the plan it reviews.
    initial = {s: getattr(latest, s) for s in PLAN_SECTIONS} if latest else {}
    form = forms.PathwayPlanForm(request.POST or None, initial=initial)

    def action(data: dict) -> object:
        return services.pathway_plan_record(
            child=child,
            agreed_on=data["agreed_on"],
            views=data["young_persons_views"],
            sections={s: data[s] for s in PLAN_SECTIONS},
            by=request.user,
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Review the pathway plan" if latest else "Record the pathway plan",
        action=action,
        done="Pathway plan recorded",
        intro="The next review is due 6 months after the date agreed.",
    )


def adviser_allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = child_for_user(user=request.user, pk=pk)
    if not allows(user=request.user, action=Action.ALLOCATE_PERSONAL_ADVISER):
        raise PermissionDenied
    form = forms.PersonalAdviserForm(request.POST or None, advisers=selectors.personal_advisers())

    def action(data: dict) -> object:
        return services.personal_adviser_allocate(
            child=child, adviser=data["adviser"], start_date=data["start_date"], by=request.user
        )

    return _record_form(
        request,
        child=child,
        form=form,
        title="Allocate a personal adviser",
        action=action,
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
