from django.urls import path

from reviews import allocation, views

app_name = "reviews"

urlpatterns = [
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/<int:pk>/", views.caseload, name="caseload"),
    path("children/<int:pk>/new/", views.review_add, name="review_add"),
    path("children/<int:pk>/iro/", allocation.iro_allocate, name="iro_allocate"),
    path("caseloads/<int:pk>/move/", allocation.caseload_move, name="caseload_move"),
    path("children/<int:pk>/book/", views.booking_add, name="booking_add"),
    path("children/<int:pk>/recommendations/", views.recommendations, name="recommendations"),
    path("children/<int:pk>/midway/new/", views.midway_add, name="midway_add"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("bookings/<int:pk>/change/", views.booking_change, name="booking_change"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/invitees/add/", views.invitee_add, name="invitee_add"),
    path(
        "bookings/<int:pk>/invitees/<int:invitee>/remove/",
        views.invitee_remove,
        name="invitee_remove",
    ),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/close/", views.review_close, name="review_close"),
    path("<int:pk>/recommendations/add/", views.recommendation_add, name="recommendation_add"),
    path(
        "recommendations/<int:pk>/update/",
        views.recommendation_update,
        name="recommendation_update",
    ),
    path("<int:pk>/letter/", views.letter_edit, name="letter"),
    path("<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("work/<slug:key>/", views.work_list, name="work"),
]
