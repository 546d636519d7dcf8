from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedRequest
from accounts.models import Role
from children.selectors import caseload_for, shared_children_for
from children.services import record_children_listed
from core import health as health_checks
from core.text import search_text
from deadlines.selectors import my_work_summary
from home import selectors
from reporting.selectors import headline_figures
from reviews.dashboard import can_see_dashboard, iro_dashboard


def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.is_partner:
        return partner_home(request)
    context: dict = {"role": user.role, "role_label": user.get_role_display()}
    if user.sees_case_records:
        caseload = caseload_for(user=user)
        context["caseload_count"] = caseload.count()
        context["caseload_preview"] = list(caseload[:10])
        context["my_work"] = my_work_summary(user=user)
    if user.role == Role.TEAM_MANAGER:
        context["team_caseloads"] = list(selectors.team_caseloads(user=user))
    if can_see_dashboard(user=user):
        context["dashboard"] = iro_dashboard(user=user)
    if user.role == Role.SENIOR_MANAGER:
        context["children_by_team"] = list(selectors.children_by_team())
        context["headlines"] = headline_figures(user=user)
    return render(request, "home/home.html", context)


def partner_home(request: AuthenticatedRequest) -> HttpResponse:
    """A partner's home: their organisation's work, and the children the council has
    shared with it, each leading to the partner's own section of the record."""
    user = request.user
    search = search_text(request.GET.get("q"))
    children = shared_children_for(user=user, search=search)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    if search:
        # The children a search finds are shown by name: each is logged as viewed.
        record_children_listed(
            child_ids=[c.pk for c in page.object_list], user=user, path=request.get_full_path()
        )
    sections = sorted(user.partner_sections)
    return render(
        request,
        "home/partner_home.html",
        {
            "role_label": user.get_role_display(),
            "organisation": user.partner_organisation if sections else None,
            "section": sections[0] if sections else "",
            "work": selectors.partner_work_summary(user=user),
            "page": page,
            "search": search,
            "query": urlencode({"q": search}),
        },
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, body = health_checks.health()
    return JsonResponse(body, status=200 if healthy else 503)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request, "home/accessibility.html", {"contact_email": settings.DEFAULT_FROM_EMAIL}
    )


@login_not_required
def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request, "home/cookies.html", {"session_idle_minutes": settings.SESSION_IDLE_MINUTES}
    )
