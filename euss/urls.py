from django.urls import path

from euss import views

app_name = "euss"

urlpatterns = [
    path("euss/", views.euss_list, name="list"),
    path("euss/export.csv", views.euss_export, name="export"),
    path("children/<int:pk>/euss/", views.euss_change, name="change"),
]
