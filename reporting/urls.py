from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("children/", views.children_behind, name="children"),
    path("download/", views.download, name="download"),
]
