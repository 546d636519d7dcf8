from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("<int:pk>/missing/new/", views.missing_add, name="missing_add"),
    path("<int:pk>/missing/<int:episode_id>/return/", views.missing_return, name="missing_return"),
]
