from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from casework import forms, services
from casework.models import MissingEpisode
from children import selectors
from children.forms import yes_no
from children.models import Child
from children.views import _service_form
from core.http import AuthenticatedRequest


def _writable_child(request: AuthenticatedRequest, pk: int) -> Child:
    child = selectors.child_for_user(user=request.user, pk=pk)
    if not selectors.can_change_record(user=request.user):
        raise PermissionDenied
    return child


def visit_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
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


def missing_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = _writable_child(request, pk)
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


def missing_return(request: AuthenticatedRequest, pk: int, episode_id: int) -> HttpResponse:
    child = _writable_child(request, pk)
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
