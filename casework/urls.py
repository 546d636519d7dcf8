from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("<int:pk>/care-plans/new/", views.care_plan_add, name="care_plan_add"),
    path("<int:pk>/missing/new/", views.missing_add, name="missing_add"),
    path("<int:pk>/youth-justice/new/", views.youth_justice_add, name="youth_justice_add"),
    path("<int:pk>/missing/<int:episode_id>/return/", views.missing_return, name="missing_return"),
    path("<int:pk>/notes/", views.case_notes, name="notes"),
    path("<int:pk>/notes/new/", views.case_note_add, name="note_add"),
    path("<int:pk>/notes/<int:note_id>/edit/", views.case_note_edit, name="note_edit"),
    path("<int:pk>/notes/<int:note_id>/amend/", views.case_note_amend, name="note_amend"),
    path("<int:pk>/chronology/", views.chronology, name="chronology"),
    path("<int:pk>/chronology.pdf", views.chronology_pdf, name="chronology_pdf"),
]
