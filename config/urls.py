from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("home.urls")),
    path("accounts/", include("accounts.urls")),
    path("children/", include("children.urls")),
    path("", include("euss.urls")),
    path("children/", include("casework.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("reviews/", include("reviews.urls")),
    path("resolutions/", include("resolutions.urls")),
    path("health/", include("health.urls")),
    path("education/", include("education.urls")),
    path("care-leavers/", include("care_leavers.urls")),
    path("reporting/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
handler403 = "core.errors.forbidden"
