from collections.abc import Callable
from urllib.parse import urlencode

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.permissions import Action, allows
from casework import forms, services
from casework import selectors as casework_selectors
from casework.chronology import EventKind, chronology_for
from casework.models import CaseNote, CaseNoteType, MissingEpisode
from children import selectors
from children.forms import yes_no, yes_no_value
from children.models import Child
from children.views import _service_form
from core.downloads import pdf_download
from core.form_views import service_form_page

NOTES_PER_PAGE = 20
# The most events one chronology PDF prints (about 60 pages), so that printing takes
# seconds whatever the record holds; a filter by kind prints the rest.
CHRONOLOGY_PDF_EVENTS = 2000


def _writable_child(request: AuthenticatedRequest, pk: int, action: Action) -> Child:
    return selectors.child_for_action(user=request.user, pk=pk, action=action)


def visit_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk, Action.RECORD_VISIT)
    form = forms.VisitForm(request.POST or None, initial={"visited_by": request.user.pk})

    def action(data: dict) -> object:
        return services.visit_record(
            child=child,
            visit_date=data["visit_date"],
            seen_alone=bool(yes_no(data["seen_alone"])),
            bedroom_seen=bool(yes_no(data["bedroom_seen"])),
            visited_by=data["visited_by"],
            notes=data["notes"],
            by=request.user,
        )

    return _service_form(
        request,
        child=child,
        form=form,
        title="Record a visit",
        action=action,
        done="Visit recorded",
    )


def care_plan_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk, Action.RECORD_CARE_PLAN)
    form = forms.CarePlanForm(request.POST or None)

    def action(data: dict) -> object:
        return services.care_plan_record(
            child=child,
            agreed_date=data["agreed_date"],
            summary=data["summary"],
            by=request.user,
        )

    return _service_form(
        request,
        child=child,
        form=form,
        title="Record a care plan",
        action=action,
        done="Care plan recorded",
        intro="Record the date the care plan was agreed, each time it is agreed or reviewed.",
    )


def missing_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk, Action.RECORD_MISSING)
    form = forms.MissingEpisodeForm(request.POST or None)

    def action(data: dict) -> object:
        return services.missing_episode_record(
            child=child,
            kind=data["kind"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            where_found=data["where_found"],
            by=request.user,
        )

    return _service_form(
        request,
        child=child,
        form=form,
        title="Record a missing episode",
        action=action,
        done="Missing episode recorded",
        intro="Record the return interview when the child is back, from the child's page.",
    )


def youth_justice_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk, Action.RECORD_YOUTH_JUSTICE)
    form = forms.YouthJusticeOutcomeForm(request.POST or None)
    return _service_form(
        request,
        child=child,
        form=form,
        title="Record a conviction or youth caution",
        action=lambda data: services.youth_justice_outcome_record(
            child=child, by=request.user, **data
        ),
        done="Conviction or caution recorded",
        intro="Counted in the SSDA903 return (OC2) for children in care 12 months or more.",
    )


def missing_return(request: AuthenticatedRequest, pk: int, episode_id: int) -> HttpResponse:
    child = _writable_child(request, pk, Action.RECORD_MISSING)
    episode = MissingEpisode.objects.filter(child=child, pk=episode_id).first()
    if episode is None:
        raise Http404("No missing episode found")
    initial = {"end_date": episode.end_date, "where_found": episode.where_found}
    form = forms.MissingReturnForm(request.POST or None, initial=initial)

    def action(data: dict) -> object:
        return services.missing_episode_return(
            episode=episode,
            end_date=data["end_date"],
            where_found=data["where_found"],
            return_interview_offered=yes_no(data["return_interview_offered"]),
            return_interview_accepted=yes_no(data["return_interview_accepted"]),
            by=request.user,
        )

    return _service_form(
        request,
        child=child,
        form=form,
        title="Record the child's return",
        action=action,
        done="Return recorded",
        intro=f"{episode.get_kind_display()} from {episode.start_date:%-d %B %Y}.",
    )


# --- case notes ------------------------------------------------------------------


def _note_writer_child(request: AuthenticatedRequest, pk: int) -> Child:
    child = selectors.child_for_user(user=request.user, pk=pk)
    if not allows(user=request.user, action=Action.WRITE_CASE_NOTE):
        raise PermissionDenied
    return child


def _child_note(child: Child, note_id: int) -> CaseNote:
    note = CaseNote.objects.filter(child=child, pk=note_id).select_related("author").first()
    if note is None:
        raise Http404("No case note found")
    return note


def _note_form(
    request: AuthenticatedRequest,
    *,
    child: Child,
    form: django_forms.Form,
    title: str,
    action: Callable[[dict], object],
    done: str,
    note: CaseNote | None = None,
    intro: str = "",
) -> HttpResponse:
    """As children.views._service_form, returning to the child's case notes."""
    notes_url = reverse("casework:notes", args=[child.pk])
    return service_form_page(
        request,
        form=form,
        action=action,
        done=done,
        success=notes_url,
        template="casework/note_form.html",
        context={
            "child": child,
            "title": title,
            "intro": intro,
            "note": note,
            "back_url": notes_url,
        },
    )


def case_notes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(user=request.user, pk=pk)
    note_type = request.GET.get("type", "")
    if note_type not in CaseNoteType.values:
        note_type = ""
    notes = casework_selectors.case_notes_for_child(child=child, note_type=note_type)
    page = Paginator(notes, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    editable = {
        note.pk
        for note in page
        if services.case_note_can_edit(note=note, user=request.user, now=now)
    }
    return render(
        request,
        "casework/case_notes.html",
        {
            "child": child,
            "page": page,
            "editable": editable,
            "note_type": note_type,
            "note_types": CaseNoteType.choices,
            "can_write": allows(user=request.user, action=Action.WRITE_CASE_NOTE),
        },
    )


def case_note_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _note_writer_child(request, pk)
    may_mark = allows(user=request.user, action=Action.WRITE_MANAGEMENT_DECISION)
    form = forms.CaseNoteForm(
        request.POST or None,
        initial={"event_date": timezone.localdate()},
        may_mark_decision=may_mark,
    )

    def action(data: dict) -> object:
        return services.case_note_write(
            child=child,
            note_type=data["note_type"],
            event_date=data["event_date"],
            subject=data["subject"],
            text=data["text"],
            management_decision=bool(yes_no(data.get("management_decision"))),
            by=request.user,
        )

    return _note_form(
        request,
        child=child,
        form=form,
        title="Write a case note",
        action=action,
        done="Case note saved",
        intro=f"You can change the note for {settings.CASE_NOTE_EDIT_MINUTES} "
        "minutes after saving it. After that, add an amendment.",
    )


def case_note_edit(request: AuthenticatedRequest, pk: int, note_id: int) -> HttpResponse:
    child = _note_writer_child(request, pk)
    note = _child_note(child, note_id)
    if not services.case_note_can_edit(note=note, user=request.user):
        # Another user's note, or the window has closed: the note can only be amended.
        messages.info(request, "This case note can no longer be changed: add an amendment.")
        return redirect("casework:note_amend", pk=child.pk, note_id=note.pk)
    may_mark = allows(user=request.user, action=Action.WRITE_MANAGEMENT_DECISION)
    form = forms.CaseNoteForm(
        request.POST or None,
        initial={
            "note_type": note.note_type,
            "event_date": note.event_date,
            "subject": note.subject,
            "text": note.text,
            "management_decision": yes_no_value(note.management_decision),
        },
        may_mark_decision=may_mark,
    )

    def action(data: dict) -> object:
        return services.case_note_update(
            note=note,
            note_type=data["note_type"],
            event_date=data["event_date"],
            subject=data["subject"],
            text=data["text"],
            management_decision=bool(yes_no(data.get("management_decision"))),
            by=request.user,
        )

    until = timezone.localtime(services.case_note_editable_until(note))
    return _note_form(
        request,
        child=child,
        form=form,
        title="Change a case note",
        action=action,
        done="Case note changed",
        intro=f"You can change this note until {until:%-I:%M%p on %-d %B %Y}.".replace(
            "AM", "am"
        ).replace("PM", "pm"),
    )


def case_note_amend(request: AuthenticatedRequest, pk: int, note_id: int) -> HttpResponse:
    child = _note_writer_child(request, pk)
    note = _child_note(child, note_id)
    form = forms.CaseNoteAmendmentForm(request.POST or None)

    def action(data: dict) -> object:
        return services.case_note_amend(note=note, text=data["text"], by=request.user)

    return _note_form(
        request,
        child=child,
        form=form,
        title="Add an amendment",
        action=action,
        done="Amendment added",
        note=note,
    )


# --- chronology ------------------------------------------------------------------


def _chronology(request: AuthenticatedRequest, pk: int) -> dict:
    """What the chronology page and its PDF show: the same events, the same filter."""
    child = selectors.child_for_user(user=request.user, pk=pk)
    chosen = [k for k in request.GET.getlist("kind") if k in EventKind.LABELS]
    events = chronology_for(child, kinds=chosen or None)
    return {
        "child": child,
        "events": events,
        "kinds": EventKind.choices(),
        "chosen": chosen,
        "filter_description": ", ".join(EventKind.LABELS[k] for k in chosen)
        if chosen
        else "All events",
        "query": urlencode([("kind", k) for k in chosen]),
    }


def chronology(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(request, "casework/chronology.html", _chronology(request, pk))


def chronology_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    context = _chronology(request, pk)
    context["printed_at"] = timezone.localtime()
    events = context["events"]
    context["total_events"] = len(events)
    context["events"] = events[:CHRONOLOGY_PDF_EVENTS]
    html = render_to_string("casework/chronology_print.html", context, request=request)
    return pdf_download(
        html, request=request, filename=f"chronology-{context['child'].la_reference}.pdf"
    )
