"""The health pages: the health tab of a child's record, the forms that record each kind
of health information, and the managers' health work list. Every health page is under
/health/ and in this module, and opens a child through `child_for_section(section="health")`:
a health partner reaches only the children shared with their organisation (decision 0016)."""

from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows
from children.form_pages import child_form_page, writable_child
from children.models import Child
from children.selectors import child_for_section, partner_header
from core.dates import long_date
from health import forms, selectors, services


def _child(request: AuthenticatedRequest, pk: int) -> Child:
    """The child whose health record `request.user` may open (a health partner: only the
    children shared with their organisation), else 404. Every page of it is logged
    (children.middleware)."""
    return child_for_section(user=request.user, pk=pk, section="health")


def health_tab(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    context = selectors.health_for_child(child=child)
    context["child"] = child
    if request.user.is_partner:
        context |= partner_header(child=child)
    context["can_record"] = allows(user=request.user, action=Action.RECORD_HEALTH)
    context["sdq_for_return"] = selectors.sdq_needed_for_return(
        child=child, today=timezone.localdate()
    )
    return render(request, "health/health_tab.html", context)


def _writable(request: AuthenticatedRequest, pk: int) -> Child:
    return writable_child(request, pk, Action.RECORD_HEALTH, section="health")


def _form_page(request: AuthenticatedRequest, *, child: Child, **page: Any) -> HttpResponse:
    """A form page of the child's health record, back to the health tab when saved."""
    return child_form_page(
        request,
        child=child,
        back=reverse("health:child", kwargs={"pk": child.pk}),
        back_label="Back to health",
        **page,
    )


IHA_FIELDS = [
    "notified_on",
    "consent_on",
    "requested_on",
    "appointment_on",
    "completed_on",
    "practitioner",
    "organisation",
    "returned_on",
    "outcome",
    "health_plan_actions",
    "lateness_reason",
]


def iha_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    period = services.current_period(child)
    if period is None:
        messages.error(request, "The child is not looked after: there is no assessment to record")
        return redirect("health:child", pk=child.pk)
    from health.models import InitialHealthAssessment

    iha = InitialHealthAssessment.objects.filter(period=period).first()
    initial = {f: getattr(iha, f) for f in IHA_FIELDS} if iha else {}
    form = forms.IhaForm(
        request.POST or None,
        initial=initial,
        reasons=selectors.lateness_reasons(keeping=iha.lateness_reason_id if iha else None),
    )
    due = services.iha_due_on(period)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Initial health assessment",
        service=lambda **data: services.iha_save(
            child=child, details=services.IhaDetails(**data), by=request.user
        ),
        done="Initial health assessment saved",
        intro=(
            f"The child became looked after on {long_date(period.start_date)}. The "
            f"assessment is due by {long_date(due)}; if it is completed later, say why."
        ),
    )


def rha_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.RhaForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a review health assessment",
        service=partial(services.rha_record, child=child, by=request.user),
        done="Review health assessment recorded",
        intro="The next one is due 6 months later for a child under 5, 12 months from 5.",
    )


def _check_page(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.CheckForm(request.POST or None)
    service, title, done = {
        "dental": (services.dental_check_record, "Record a dental check", "Dental check recorded"),
        "optician": (
            services.optician_check_record,
            "Record an optician check",
            "Optician check recorded",
        ),
    }[kind]

    return _form_page(
        request,
        child=child,
        form=form,
        title=title,
        service=partial(service, child=child, by=request.user),
        done=done,
    )


def dental_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _check_page(request, pk, "dental")


def optician_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _check_page(request, pk, "optician")


def immunisation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.ImmunisationForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record an immunisations check",
        service=partial(services.immunisation_check_record, child=child, by=request.user),
        done="Immunisations check recorded",
    )


def substance_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.SubstanceMisuseForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record substance misuse",
        service=partial(services.substance_misuse_record, child=child, by=request.user),
        done="Substance misuse recorded",
    )


def sdq_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.SdqForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record an SDQ",
        service=partial(services.sdq_record, child=child, by=request.user),
        done="SDQ recorded",
        intro="Enter the total difficulties score; the band is worked out from it. If the "
        "SDQ was not completed, leave the score blank and select why.",
    )


def summary_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.HealthSummaryForm(request.POST or None)

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record the leaving care health summary",
        service=partial(services.health_summary_record, child=child, by=request.user),
        done="Leaving care health summary recorded",
    )


def work_list(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_see_health_work(user=request.user):
        raise PermissionDenied
    rule = request.GET.get("rule", "")
    if rule not in selectors.WORK_FILTERS:
        rule = ""
    status = request.GET.get("status", "overdue")
    if status not in selectors.WORK_STATUSES:
        status = "overdue"
    rows = selectors.health_work_for(user=request.user, rule=rule, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "health/work_list.html",
        {
            "page": page,
            "rule": rule,
            "status": status,
            "status_label": selectors.WORK_STATUSES[status],
            "statuses": selectors.WORK_STATUSES,
            "filters": selectors.WORK_FILTERS,
            "query": urlencode({"rule": rule, "status": status}),
        },
    )
