from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from children import selectors, services
from core.http import AuthenticatedRequest


def child_list(request: AuthenticatedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    children = selectors.caseload_for(user=request.user, search=search)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    return render(request, "children/child_list.html", {"page": page, "search": search})


def child_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(user=request.user, pk=pk)
    services.record_child_view(child=child, user=request.user, path=request.path)
    context = {
        "child": child,
        "allocations": list(selectors.allocations_for_child(child=child)),
        "record_views": (
            list(selectors.record_views_for_child(child=child)) if request.user.is_manager else None
        ),
    }
    return render(request, "children/child_detail.html", context)
