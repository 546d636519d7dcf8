"""The education pages: the child's education tab, the forms that record each part of it,
and the education work list. Every page of a child goes through
`child_for_section(section="education")` (an outsider gets a 404; the virtual school
reaches the children shared with it) and is logged; recording needs
`accounts.permissions` (403 otherwise)."""

from collections.abc import Callable

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows
from children.models import Child
from children.selectors import child_for_section, partner_header
from core.form_views import service_form_page
from education import forms, selectors, services
from education.models import OutOfSchool, Pep, SchoolPlacement


def _child(request: AuthenticatedRequest, pk: int) -> Child:
    return child_for_section(user=request.user, pk=pk, section="education")


def child_education(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    context = selectors.education_for_child(child=child)
    context["child"] = child
    context["can_change"] = allows(user=request.user, action=Action.RECORD_EDUCATION)
    if request.user.is_partner:
        context |= partner_header(child=child)
    return render(request, "education/child_education.html", context)


def _writable_child(request: AuthenticatedRequest, pk: int) -> Child:
    child = _child(request, pk)
    if not allows(user=request.user, action=Action.RECORD_EDUCATION):
        raise PermissionDenied
    return child


def _form_page(
    request: AuthenticatedRequest,
    *,
    child: Child,
    form: django_forms.Form,
    title: str,
    action: Callable[[dict], object],
    done: str,
    intro: str = "",
) -> HttpResponse:
    """Show `form`; when it is valid, call the service in `action`; a rule it breaks is
    shown on the form's field (or at the top) and nothing is written. Back to the
    education tab when it is saved."""
    return service_form_page(
        request,
        form=form,
        action=action,
        done=done,
        success=reverse("education:child", kwargs={"pk": child.pk}),
        template="education/form.html",
        context={"child": child, "title": title, "intro": intro},
    )


def school_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    form = forms.SchoolForm(request.POST or None)

    def action(data: dict) -> object:
        return services.school_record(
            child=child, details=services.SchoolDetails(**data), by=request.user
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a school",
        action=action,
        done="School recorded",
        intro="A new current school ends the current one on the day it starts.",
    )


def school_change(request: AuthenticatedRequest, pk: int, school_pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    school = get_object_or_404(SchoolPlacement, pk=school_pk, child=child)
    form = forms.SchoolChangeForm(
        request.POST or None,
        initial={
            "designated_teacher_name": school.designated_teacher_name,
            "designated_teacher_email": school.designated_teacher_email,
            "end_date": school.end_date,
        },
    )

    def action(data: dict) -> object:
        return services.school_change(school=school, by=request.user, **data)

    return _form_page(
        request,
        child=child,
        form=form,
        title=f"Change {school.school_name}",
        action=action,
        done="School changed",
        intro=f"The child started at {school.school_name} on "
        f"{school.start_date.day} {school.start_date:%B %Y}.",
    )


def sen_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    form = forms.SenForm(request.POST or None)

    def action(data: dict) -> object:
        return services.sen_status_record(child=child, by=request.user, **data)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record SEN status",
        action=action,
        done="SEN status recorded",
        intro="The current status ends on the day the new one starts.",
    )


def out_of_school_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    form = forms.OutOfSchoolForm(request.POST or None)

    def action(data: dict) -> object:
        return services.out_of_school_record(child=child, by=request.user, **data)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record time out of school",
        action=action,
        done="Time out of school recorded",
    )


def out_of_school_end(request: AuthenticatedRequest, pk: int, record_pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    record = get_object_or_404(OutOfSchool, pk=record_pk, child=child)
    form = forms.OutOfSchoolEndForm(request.POST or None)

    def action(data: dict) -> object:
        return services.out_of_school_end(record=record, by=request.user, **data)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Back in school",
        action=action,
        done="Time out of school ended",
        intro=f"{record.get_reason_display()}, from {record.start_date.day} "
        f"{record.start_date:%B %Y}.",
    )


def _pep_details(data: dict) -> services.PepDetails:
    return services.PepDetails(
        completed_date=data["completed_date"],
        attendees=data["attendees"],
        child_views=data["child_views"],
        targets=data["targets"],
        rating=data["rating"],
    )


def pep_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    form = forms.PepForm(request.POST or None, ratings=selectors.active_ratings())

    def action(data: dict) -> object:
        return services.pep_record(
            child=child,
            meeting_date=data["meeting_date"],
            details=_pep_details(data),
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a PEP",
        action=action,
        done="Personal education plan recorded",
        intro="A personal education plan meets the PEP deadlines on the day it is completed "
        "and signed off.",
    )


def pep_change(request: AuthenticatedRequest, pk: int, pep_pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
    pep = get_object_or_404(Pep, pk=pep_pk, child=child)
    form = forms.PepChangeForm(
        request.POST or None,
        # A rating since made inactive still shows for the PEP that has it.
        ratings=selectors.active_ratings(including=pep.rating_id),
        initial={
            "completed_date": pep.completed_date,
            "attendees": pep.attendees,
            "child_views": pep.child_views,
            "targets": pep.targets,
            "rating": pep.rating_id,
        },
    )

    def action(data: dict) -> object:
        return services.pep_change(pep=pep, details=_pep_details(data), by=request.user)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Change the PEP",
        action=action,
        done="Personal education plan changed",
        intro=f"PEP meeting held on {pep.meeting_date.day} {pep.meeting_date:%B %Y}.",
    )


def work_list(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_see_work_list(user=request.user):
        raise PermissionDenied
    show = request.GET.get("show", "attention")
    if show not in dict(selectors.SHOW_CHOICES):
        show = "attention"
    today = timezone.localdate()
    children = selectors.education_work_for(user=request.user, show=show, today=today)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "education/work_list.html",
        {
            "page": page,
            "rows": selectors.work_rows(list(page.object_list), today=today),
            "show": show,
            "show_choices": selectors.SHOW_CHOICES,
        },
    )
