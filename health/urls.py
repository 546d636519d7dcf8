from django.urls import path

from health import views

app_name = "health"

urlpatterns = [
    path("", views.work_list, name="work"),
    path("children/<int:pk>/", views.health_tab, name="child"),
    path("children/<int:pk>/initial-assessment/", views.iha_change, name="iha"),
    path("children/<int:pk>/review-assessments/new/", views.rha_add, name="rha_add"),
    path("children/<int:pk>/dental-checks/new/", views.dental_add, name="dental_add"),
    path("children/<int:pk>/optician-checks/new/", views.optician_add, name="optician_add"),
    path("children/<int:pk>/immunisations/new/", views.immunisation_add, name="immunisation_add"),
    path("children/<int:pk>/substance-misuse/new/", views.substance_add, name="substance_add"),
    path("children/<int:pk>/sdqs/new/", views.sdq_add, name="sdq_add"),
    path("children/<int:pk>/leaving-care-summary/new/", views.summary_add, name="summary_add"),
]
