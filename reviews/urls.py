from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/<int:pk>/", views.caseload, name="caseload"),
    path("children/<int:pk>/new/", views.review_add, name="review_add"),
]
