"""Responses to signed-in users are never kept by a browser or proxy cache.

Council PCs are shared: a page, PDF or CSV about a child must not be shown again from
the browser's cache (or its back button) to whoever sits down next. Anonymous pages
(sign-in, the accessibility statement, static files) keep their caching."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
