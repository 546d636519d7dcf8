"""Partner users reach only their own part of the service (decision 0016).

Whatever a view does, a partner-agency user's request is answered only by the pages
everyone has (home, sign in and out, the accessibility statement...) and by the
section their organisation works on (health, or education for the virtual school).
Any other page is a 404, as if it did not exist. Inside their section, which children
they may open is decided by `children.selectors.child_for_section`."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

# URL namespaces every signed-in user may reach.
OPEN_NAMESPACES = frozenset({"core", "accounts"})


class PartnerSectionsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_partner:
            return None
        match = request.resolver_match
        namespace = match.namespaces[0] if match and match.namespaces else ""
        if namespace in OPEN_NAMESPACES or namespace in user.partner_sections:
            return None
        raise Http404("No such page")
