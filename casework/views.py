from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
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
from children.form_pages import child_form_page, writable_child
from children.forms import yes_no_value
from children.models import Child
from core.dates import long_date
from core.downloads import pdf_download

NOTES_PER_PAGE = 20
# The most events one chronology PDF prints (about 60 pages), so that printing takes
# seconds whatever the record holds; a filter by kind prints the rest.
CHRONOLOGY_PDF_EVENTS = 2000


def visit_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_VISIT)
    form = forms.VisitForm(request.POST or None, initial={"visited_by": request.user.pk})
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record a visit",
        service=partial(services.visit_record, child=child, by=request.user),
        done="Visit recorded",
    )


def care_plan_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_CARE_PLAN)
    form = forms.CarePlanForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record a care plan",
        service=partial(services.care_plan_record, child=child, by=request.user),
        done="Care plan recorded",
        intro="Record the date the care plan was agreed, each time it is agreed or reviewed.",
    )


def missing_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_MISSING)
    form = forms.MissingEpisodeForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record a missing episode",
        service=partial(services.missing_episode_record, child=child, by=request.user),
        done="Missing episode recorded",
        intro="Record the return interview when the child is back, from the child's page.",
    )


def youth_justice_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_YOUTH_JUSTICE)
    form = forms.YouthJusticeOutcomeForm(request.POST or None)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record a conviction or youth caution",
        service=partial(services.youth_justice_outcome_record, child=child, by=request.user),
        done="Conviction or caution recorded",
        intro="Counted in the SSDA903 return (OC2) for children in care 12 months or more.",
    )


def missing_return(request: AuthenticatedRequest, pk: int, episode_id: int) -> HttpResponse:
    child = writable_child(request, pk, Action.RECORD_MISSING)
    episode = MissingEpisode.objects.filter(child=child, pk=episode_id).first()
    if episode is None:
        raise Http404("No missing episode found")
    initial = {"end_date": episode.end_date, "where_found": episode.where_found}
    form = forms.MissingReturnForm(request.POST or None, initial=initial)
    return child_form_page(
        request,
        child=child,
        form=form,
        title="Record the child's return",
        service=partial(services.missing_episode_return, episode=episode, by=request.user),
        done="Return recorded",
        intro=f"{episode.get_kind_display()} from {long_date(episode.start_date)}.",
    )


# --- case notes ------------------------------------------------------------------


def _child_note(child: Child, note_id: int) -> CaseNote:
    note = CaseNote.objects.filter(child=child, pk=note_id).select_related("author").first()
    if note is None:
        raise Http404("No case note found")
    return note


def _note_form(
    request: AuthenticatedRequest, *, child: Child, note: CaseNote | None = None, **page: Any
) -> HttpResponse:
    """A form page about a case note: back to the child's case notes, with the note
    shown above the form when there is one."""
    return child_form_page(
        request,
        child=child,
        back=reverse("casework:notes", args=[child.pk]),
        back_label="Back to case notes",
        template="casework/note_form.html",
        extra={"note": note},
        **page,
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
    child = writable_child(request, pk, Action.WRITE_CASE_NOTE)
    may_mark = allows(user=request.user, action=Action.WRITE_MANAGEMENT_DECISION)
    form = forms.CaseNoteForm(
        request.POST or None,
        initial={"event_date": timezone.localdate()},
        may_mark_decision=may_mark,
    )

    return _note_form(
        request,
        child=child,
        form=form,
        title="Write a case note",
        service=partial(services.case_note_write, child=child, by=request.user),
        done="Case note saved",
        intro=f"You can change the note for {settings.CASE_NOTE_EDIT_MINUTES} "
        "minutes after saving it. After that, add an amendment.",
    )


def case_note_edit(request: AuthenticatedRequest, pk: int, note_id: int) -> HttpResponse:
    child = writable_child(request, pk, Action.WRITE_CASE_NOTE)
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

    until = timezone.localtime(services.case_note_editable_until(note))
    return _note_form(
        request,
        child=child,
        form=form,
        title="Change a case note",
        service=partial(services.case_note_update, note=note, by=request.user),
        done="Case note changed",
        intro=f"You can change this note until {until:%-I:%M%p on %-d %B %Y}.".replace(
            "AM", "am"
        ).replace("PM", "pm"),
    )


def case_note_amend(request: AuthenticatedRequest, pk: int, note_id: int) -> HttpResponse:
    child = writable_child(request, pk, Action.WRITE_CASE_NOTE)
    note = _child_note(child, note_id)
    form = forms.CaseNoteAmendmentForm(request.POST or None)

    return _note_form(
        request,
        child=child,
        form=form,
        title="Add an amendment",
        service=partial(services.case_note_amend, note=note, by=request.user),
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
