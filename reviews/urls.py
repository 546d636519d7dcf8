from django.urls import path

from reviews import allocation, views

app_name = "reviews"

urlpatterns = [
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/<int:pk>/", views.caseload, name="caseload"),
    path("children/<int:pk>/new/", views.review_add, name="review_add"),
    path("children/<int:pk>/iro/", allocation.iro_allocate, name="iro_allocate"),
    path("caseloads/<int:pk>/move/", allocation.caseload_move, name="caseload_move"),
]
