from django.urls import path

from home import views

# The namespace these pages have always had: `core:home`, `core:healthz`...
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("cookies", views.cookies, name="cookies"),
]
