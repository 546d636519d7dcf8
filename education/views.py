"""The education pages: the child's education tab, the forms that record each part of it,
and the education work list. Every page of a child goes through
`child_for_section(section="education")` (an outsider gets a 404; the virtual school
reaches the children shared with it) and is logged; recording needs
`accounts.permissions` (403 otherwise)."""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows
from children.form_pages import child_form_page, writable_child
from children.models import Child
from children.selectors import child_for_section, partner_header
from core.dates import long_date
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


def _form_page(request: AuthenticatedRequest, *, child: Child, **page: Any) -> HttpResponse:
    """A form page of the child's education, back to the education tab when saved."""
    return child_form_page(
        request,
        child=child,
        back=reverse("education:child", kwargs={"pk": child.pk}),
        back_label=f"Back to {child.full_name}'s education",
        **page,
    )


def _writable(request: AuthenticatedRequest, pk: int) -> Child:
    return writable_child(request, pk, Action.RECORD_EDUCATION, section="education")


def school_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.SchoolForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a school",
        service=lambda **data: services.school_record(
            child=child, details=services.SchoolDetails(**data), by=request.user
        ),
        done="School recorded",
        intro="A new current school ends the current one on the day it starts.",
    )


def school_change(request: AuthenticatedRequest, pk: int, school_pk: int) -> HttpResponse:
    child = _writable(request, pk)
    school = get_object_or_404(SchoolPlacement, pk=school_pk, child=child)
    form = forms.SchoolChangeForm(
        request.POST or None,
        initial={
            "designated_teacher_name": school.designated_teacher_name,
            "designated_teacher_email": school.designated_teacher_email,
            "end_date": school.end_date,
        },
    )

    return _form_page(
        request,
        child=child,
        form=form,
        title=f"Change {school.school_name}",
        service=partial(services.school_change, school=school, by=request.user),
        done="School changed",
        intro=f"The child started at {school.school_name} on {long_date(school.start_date)}.",
    )


def sen_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.SenForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record SEN status",
        service=partial(services.sen_status_record, child=child, by=request.user),
        done="SEN status recorded",
        intro="The current status ends on the day the new one starts.",
    )


def out_of_school_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.OutOfSchoolForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record time out of school",
        service=partial(services.out_of_school_record, child=child, by=request.user),
        done="Time out of school recorded",
    )


def out_of_school_end(request: AuthenticatedRequest, pk: int, record_pk: int) -> HttpResponse:
    child = _writable(request, pk)
    record = get_object_or_404(OutOfSchool, pk=record_pk, child=child)
    form = forms.OutOfSchoolEndForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Back in school",
        service=partial(services.out_of_school_end, record=record, by=request.user),
        done="Time out of school ended",
        intro=f"{record.get_reason_display()}, from {long_date(record.start_date)}.",
    )


def pep_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.PepForm(request.POST or None, ratings=selectors.active_ratings())

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a PEP",
        service=lambda meeting_date, **details: services.pep_record(
            child=child,
            meeting_date=meeting_date,
            details=services.PepDetails(**details),
            by=request.user,
        ),
        done="Personal education plan recorded",
        intro="A personal education plan meets the PEP deadlines on the day it is completed "
        "and signed off.",
    )


def pep_change(request: AuthenticatedRequest, pk: int, pep_pk: int) -> HttpResponse:
    child = _writable(request, pk)
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

    return _form_page(
        request,
        child=child,
        form=form,
        title="Change the PEP",
        service=lambda **details: services.pep_change(
            pep=pep, details=services.PepDetails(**details), by=request.user
        ),
        done="Personal education plan changed",
        intro=f"PEP meeting held on {long_date(pep.meeting_date)}.",
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
