from django.conf import settings
from django.http import HttpRequest

from home.navigation import navigation_for


def service(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    nav = navigation_for(user=user) if user is not None else []
    current = None
    # The longest matching prefix marks the current section.
    for item in sorted(nav, key=lambda i: len(i.url), reverse=True):
        if request.path == item.url or (item.url != "/" and request.path.startswith(item.url)):
            current = item.url
            break
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "navigation": nav,
        "current_nav_url": current,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        "login_lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
