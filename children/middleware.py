"""Every view of a child's record is logged, in one place.

A page names a child in its URL: `children/<int:pk>/...` in any app, or one of the
child's records (a review, a booking, a recommendation, a resolution, a Quality of
Practice form) in the routes listed below. When such a page answers a signed-in user
with a 2xx response (the page, a form, a PDF), who saw which child is written to the
access log (`ChildRecordView`). A refusal (404, 403) or a redirect after a save is not a
view. A new page under `children/<int:pk>/` is logged without anyone remembering; a new
route naming another record must be listed here, and the test that walks every URL
fails until it is.

Pages that list many children (the CSV downloads, a partner's search) log each child
listed themselves (`children.services.record_children_listed`).
"""

from collections.abc import Callable

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch

# Routes naming one of a child's records by `pk`, by the start of the full route.
RECORD_ROUTES: dict[str, str] = {
    "reviews/<int:pk>/": "reviews.Review",
    "reviews/bookings/<int:pk>/": "reviews.ReviewBooking",
    "reviews/recommendations/<int:pk>/": "reviews.Recommendation",
    "resolutions/<int:pk>/": "resolutions.Resolution",
    "resolutions/quality-of-practice/<int:pk>/": "resolutions.QopForm",
}
# Routes whose `pk` is not a child or a child's record.
NOT_A_CHILD = frozenset({"reviews/caseloads/<int:pk>/", "reviews/caseloads/<int:pk>/move/"})
CHILD_ROUTE = "children/<int:pk>"


def child_reference(route: str) -> str | None:
    """How `route` names a child: "child" when its pk is the child's, the model label of
    the record its pk names, or None when it names no child."""
    if route in NOT_A_CHILD or "<int:pk>" not in route:
        return None
    if CHILD_ROUTE in route:
        return "child"
    prefixes = [p for p in RECORD_ROUTES if route.startswith(p)]
    return RECORD_ROUTES[max(prefixes, key=len)] if prefixes else None


def _child_id(match: ResolverMatch | None) -> int | None:
    if match is None or "pk" not in match.kwargs:
        return None
    reference = child_reference(match.route)
    pk = match.kwargs["pk"]
    if reference is None:
        return None
    if reference == "child":
        return int(pk)
    model = apps.get_model(reference)
    return model._default_manager.filter(pk=pk).values_list("child_id", flat=True).first()


class ChildViewLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not 200 <= response.status_code < 300:
            return response
        child_id = _child_id(request.resolver_match)
        if child_id is not None:
            from children.services import record_child_view

            record_child_view(child=child_id, user=user, path=request.path)
        return response
