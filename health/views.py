"""The health pages: the health tab of a child's record, the forms that record each kind
of health information, and the managers' health work list. Every health page is under
/health/ and in this module, and opens a child through `child_for_section(section="health")`:
a health partner reaches only the children shared with their organisation (decision 0016)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows
from children.models import Child
from children.selectors import child_for_section, partner_header
from core.dates import long_date
from core.form_views import service_form_page
from health import forms, selectors, services


def _yes(value: str) -> bool:
    return value == "yes"


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
    child = _child(request, pk)
    if not allows(user=request.user, action=Action.RECORD_HEALTH):
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
    """Show `form`; when it is valid, call the service; a rule it breaks is shown on its
    field in the error summary, and nothing is written. Back to the health tab after."""
    return service_form_page(
        request,
        form=form,
        action=action,
        done=done,
        success=reverse("health:child", kwargs={"pk": child.pk}),
        template="health/health_form.html",
        context={"child": child, "title": title, "intro": intro},
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

    def action(data: dict) -> object:
        return services.iha_save(
            child=child,
            details=services.IhaDetails(**{f: data[f] for f in IHA_FIELDS}),
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Initial health assessment",
        action=action,
        done="Initial health assessment saved",
        intro=(
            f"The child became looked after on {long_date(period.start_date)}. The "
            f"assessment is due by {long_date(due)}; if it is completed later, say why."
        ),
    )


def rha_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.RhaForm(request.POST or None)

    def action(data: dict) -> object:
        return services.rha_record(
            child=child,
            assessed_on=data["assessed_on"],
            assessor=data["assessor"],
            organisation=data["organisation"],
            outcome=data["outcome"],
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record a review health assessment",
        action=action,
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

    def action(data: dict) -> object:
        return service(child=child, checked_on=data["checked_on"], by=request.user)

    return _form_page(request, child=child, form=form, title=title, action=action, done=done)


def dental_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _check_page(request, pk, "dental")


def optician_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _check_page(request, pk, "optician")


def immunisation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.ImmunisationForm(request.POST or None)

    def action(data: dict) -> object:
        return services.immunisation_check_record(
            child=child,
            checked_on=data["checked_on"],
            up_to_date=_yes(data["up_to_date"]),
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record an immunisations check",
        action=action,
        done="Immunisations check recorded",
    )


def substance_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.SubstanceMisuseForm(request.POST or None)

    def action(data: dict) -> object:
        return services.substance_misuse_record(
            child=child,
            recorded_on=data["recorded_on"],
            identified=_yes(data["identified"]),
            intervention=data["intervention"],
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record substance misuse",
        action=action,
        done="Substance misuse recorded",
    )


def sdq_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.SdqForm(request.POST or None)

    def action(data: dict) -> object:
        return services.sdq_record(
            child=child,
            completed_on=data["completed_on"],
            score=data["score"],
            reason=data["reason"],
            by=request.user,
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record an SDQ",
        action=action,
        done="SDQ recorded",
        intro="Enter the total difficulties score; the band is worked out from it. If the "
        "SDQ was not completed, leave the score blank and select why.",
    )


def summary_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable(request, pk)
    form = forms.HealthSummaryForm(request.POST or None)

    def action(data: dict) -> object:
        return services.health_summary_record(
            child=child, issued_on=data["issued_on"], by=request.user
        )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Record the leaving care health summary",
        action=action,
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
