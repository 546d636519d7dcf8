from django.urls import path

from deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("team/", views.team_work, name="team"),
    path("service/", views.service_work, name="service"),
    path("children/<int:pk>/history/", views.child_history, name="child_history"),
]
