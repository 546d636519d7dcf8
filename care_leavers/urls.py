from django.urls import path

from care_leavers import views

app_name = "care_leavers"

urlpatterns = [
    path("", views.care_leaver_list, name="list"),
    path("caseload/", views.caseload, name="caseload"),
    path("children/<int:pk>/", views.record, name="record"),
    path("children/<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("children/<int:pk>/accommodation/", views.accommodation_add, name="accommodation_add"),
    path("children/<int:pk>/activity/", views.activity_add, name="activity_add"),
    path("children/<int:pk>/assessment/", views.assessment_add, name="assessment_add"),
    path("children/<int:pk>/pathway-plan/", views.plan_add, name="plan_add"),
    path("children/<int:pk>/personal-adviser/", views.adviser_allocate, name="adviser_allocate"),
]
