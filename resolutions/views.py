"""Pages for dispute resolutions and Quality of Practice forms. Thin: parse, call a
service or selector, render. Every page reaches the child through `child_for_user` (or a
selector built on `children_visible_to`), so an outsider gets a 404; a role without the
right gets a 403."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows, may_respond_to_qop, may_respond_to_stage
from children.form_pages import child_form_page
from children.selectors import SEE_ALL_ROLES, child_for_user
from core.dates import long_date
from core.downloads import pdf_download
from resolutions import forms, selectors, services
from resolutions.models import QopForm, Resolution, Stage


def _form_page(request: AuthenticatedRequest, **page: Any) -> HttpResponse:
    """A form page about a resolution or a QoP form; its intro is someone's text (the
    concern, the details), shown with its line breaks."""
    return child_form_page(request, intro_lines=True, **page)


def _raiser(request: AuthenticatedRequest) -> None:
    if not allows(user=request.user, action=Action.RAISE_RESOLUTION):
        raise PermissionDenied


def _resolution_url(resolution: object) -> str:
    assert isinstance(resolution, Resolution)
    return reverse("resolutions:detail", args=[resolution.pk])


# --- resolutions ------------------------------------------------------------------------


def raise_resolution(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = child_for_user(user=request.user, pk=pk)
    _raiser(request)
    default = services.default_stage_1_responder(child=child)
    form = forms.RaiseForm(
        request.POST or None,
        responders=selectors.responders(),
        initial={"raised_on": timezone.localdate(), "responder": default},
    )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Raise a dispute resolution",
        service=partial(services.resolution_raise, child=child, by=request.user),
        done="Resolution raised",
        back=reverse("children:detail", args=[child.pk]),
        success=_resolution_url,
        intro="Write it to the child: what is not happening for them, and what must change.",
    )


def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    return render(
        request,
        "resolutions/detail.html",
        selectors.resolution_page(resolution=resolution, user=request.user),
    )


def respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    current = services.current_stage(resolution)
    if not may_respond_to_stage(user=request.user, stage=current):
        raise PermissionDenied
    form = forms.RespondForm(request.POST or None, initial={"responded_on": timezone.localdate()})

    return _form_page(
        request,
        child=resolution.child,
        form=form,
        title=f"Respond: {current.get_stage_display()}",
        caption=f"Raised {long_date(resolution.raised_on)} by {resolution.raised_by}",
        intro=resolution.concern,
        service=partial(services.stage_respond, resolution=resolution, by=request.user),
        done="Response recorded",
        back=_resolution_url(resolution),
    )


def escalate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    _raiser(request)
    following = services.next_stage(resolution)
    if following is None:
        messages.error(request, "This resolution cannot be escalated further")
        return redirect(_resolution_url(resolution))
    cafcass = following == Stage.CAFCASS
    form = forms.EscalateForm(
        request.POST or None,
        responders=None if cafcass else selectors.responders(),
        initial={
            "started_on": timezone.localdate(),
            "responder": services.default_stage_1_responder(child=resolution.child)
            if following == Stage.STAGE_1
            else None,
        },
    )

    return _form_page(
        request,
        child=resolution.child,
        form=form,
        title=f"Escalate to {following.label[0].lower()}{following.label[1:]}",
        intro=(
            "Record the date of the referral to Cafcass; its outcome is recorded when known."
            if cafcass
            else "The responder has the council's timescale to answer from this date."
        ),
        service=partial(services.resolution_escalate, resolution=resolution, by=request.user),
        done="Resolution escalated",
        back=_resolution_url(resolution),
        submit="Escalate",
    )


def resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    _raiser(request)
    form = forms.ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})

    return _form_page(
        request,
        child=resolution.child,
        form=form,
        title="Resolve",
        service=partial(services.resolution_resolve, resolution=resolution, by=request.user),
        done="Resolution resolved",
        back=_resolution_url(resolution),
    )


def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    _raiser(request)
    form = forms.CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})

    return _form_page(
        request,
        child=resolution.child,
        form=form,
        title="Close",
        service=partial(services.resolution_close, resolution=resolution, by=request.user),
        done="Resolution closed",
        back=_resolution_url(resolution),
    )


def letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    _raiser(request)
    form = forms.LetterForm(request.POST or None, initial={"letter": resolution.letter})

    return _form_page(
        request,
        child=resolution.child,
        form=form,
        title="Letter to the child",
        service=partial(services.resolution_letter, resolution=resolution, by=request.user),
        done="Letter saved",
        back=_resolution_url(resolution),
    )


def letter_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_for_user(user=request.user, pk=pk)
    html = render_to_string(
        "resolutions/letter_print.html",
        {"resolution": resolution, "child": resolution.child, "printed_at": timezone.localtime()},
        request=request,
    )
    return pdf_download(
        html,
        request=request,
        filename=f"resolution-letter-{resolution.child.la_reference}-{resolution.pk}.pdf",
    )


def awaiting(request: AuthenticatedRequest) -> HttpResponse:
    """A manager's resolutions awaiting their response, and QoP forms sent to them."""
    if not request.user.sees_case_records:
        raise PermissionDenied
    return render(
        request,
        "resolutions/awaiting.html",
        {
            "rows": selectors.awaiting_response(user=request.user),
            "qop_forms": selectors.qop_awaiting_response(user=request.user),
        },
    )


def open_list(request: AuthenticatedRequest) -> HttpResponse:
    """An IRO's open resolutions (an IRO manager's: everyone's), filterable."""
    if (
        not allows(user=request.user, action=Action.RAISE_RESOLUTION)
        and request.user.role not in SEE_ALL_ROLES
    ):
        raise PermissionDenied
    filters = forms.FilterForm(request.GET or None)
    stage = theme = None
    if filters.is_bound:
        filters.is_valid()  # a filter that is not valid is left out; the others apply
        stage = filters.cleaned_data.get("stage")
        chosen = filters.cleaned_data.get("theme")
        theme = chosen.pk if chosen else None
    from resolutions.models import Theme

    return render(
        request,
        "resolutions/open_list.html",
        {
            "rows": selectors.open_resolutions(user=request.user, stage=stage, theme=theme),
            "stages": Stage.choices,
            "themes": Theme.objects.all(),
            "stage": stage,
            "theme": theme,
            "everyone": request.user.role in SEE_ALL_ROLES,
        },
    )


# --- Quality of Practice forms ----------------------------------------------------------


def _qop_url(form: object) -> str:
    assert isinstance(form, QopForm)
    return reverse("resolutions:qop_detail", args=[form.pk])


def qop_raise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = child_for_user(user=request.user, pk=pk)
    _raiser(request)
    recipients = selectors.qop_recipients(child=child)
    form = forms.QopRaiseForm(
        request.POST or None,
        recipients=recipients,
        initial={"raised_on": timezone.localdate()},
    )

    return _form_page(
        request,
        child=child,
        form=form,
        title="Raise a Quality of Practice form",
        service=partial(services.qop_raise, child=child, by=request.user),
        done="Quality of Practice form raised",
        back=reverse("children:detail", args=[child.pk]),
        success=_qop_url,
    )


def qop_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    form = selectors.qop_for_user(user=request.user, pk=pk)
    return render(
        request,
        "resolutions/qop_detail.html",
        {
            "qop": form,
            "child": form.child,
            "can_respond": may_respond_to_qop(user=request.user, form=form),
            "can_escalate": allows(user=request.user, action=Action.RAISE_RESOLUTION)
            and not form.escalated_to_id,
        },
    )


def qop_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qop = selectors.qop_for_user(user=request.user, pk=pk)
    if not may_respond_to_qop(user=request.user, form=qop):
        raise PermissionDenied
    form = forms.QopRespondForm(
        request.POST or None, initial={"responded_on": timezone.localdate()}
    )

    return _form_page(
        request,
        child=qop.child,
        form=form,
        title="Respond to a Quality of Practice form",
        intro=qop.details,
        service=partial(services.qop_respond, form=qop, by=request.user),
        done="Response recorded",
        back=_qop_url(qop),
    )


def qop_escalate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    qop = selectors.qop_for_user(user=request.user, pk=pk)
    _raiser(request)
    form = forms.RaiseForm(
        request.POST or None,
        responders=selectors.responders(),
        initial={
            "raised_on": timezone.localdate(),
            "responder": services.default_stage_1_responder(child=qop.child),
            "concern": qop.details,
        },
    )

    return _form_page(
        request,
        child=qop.child,
        form=form,
        title="Escalate to a dispute resolution",
        service=partial(services.qop_escalate, form=qop, by=request.user),
        done="Escalated to a resolution",
        back=_qop_url(qop),
        success=_resolution_url,
    )
