from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("children/<int:pk>/", views.child_education, name="child"),
    path("children/<int:pk>/school/", views.school_add, name="school_add"),
    path("children/<int:pk>/school/<int:school_pk>/", views.school_change, name="school_change"),
    path("children/<int:pk>/sen/", views.sen_add, name="sen_add"),
    path("children/<int:pk>/out-of-school/", views.out_of_school_add, name="out_of_school_add"),
    path(
        "children/<int:pk>/out-of-school/<int:record_pk>/",
        views.out_of_school_end,
        name="out_of_school_end",
    ),
    path("children/<int:pk>/pep/", views.pep_add, name="pep_add"),
    path("children/<int:pk>/pep/<int:pep_pk>/", views.pep_change, name="pep_change"),
]
