from django.http import HttpRequest

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request that LoginRequiredMiddleware has let through: `user` is a real User."""

    user: User
