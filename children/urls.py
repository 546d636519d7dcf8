from django.urls import path

from children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("register/", views.register_start, name="register"),
    path("register/check/", views.register_check, name="register_check"),
    path("register/<slug:step>/", views.register_step, name="register_step"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/placement/", views.placement_change, name="placement_change"),
    path(
        "<int:pk>/temporary-approval/",
        views.temporary_approval_end,
        name="temporary_approval_end",
    ),
    path("<int:pk>/legal-status/", views.legal_status_change, name="legal_status_change"),
    path("<int:pk>/end-care/", views.end_care, name="end_care"),
    path("<int:pk>/permanence/", views.permanence_plan, name="permanence_plan"),
    path("<int:pk>/details/", views.child_details, name="details"),
    path("<int:pk>/address/", views.address_add, name="address_add"),
    path("<int:pk>/nationality/", views.nationalities, name="nationalities"),
    path("<int:pk>/relationship/", views.relationship_add, name="relationship_add"),
    path("<int:pk>/warning/", views.warning_add, name="warning_add"),
    path("<int:pk>/adoption/", views.adoption, name="adoption"),
    path("<int:pk>/allocation/", views.allocation_change, name="allocation_change"),
    path("<int:pk>/record-history/", views.record_changes, name="record_changes"),
    path("<int:pk>/record-views/", views.record_views, name="record_views"),
    path("<int:pk>/sharing/", views.share_add, name="share_add"),
    path("<int:pk>/sharing/<int:share_pk>/stop/", views.share_stop, name="share_stop"),
    path("<int:pk>/short-breaks/", views.short_breaks_start, name="short_breaks_start"),
    path("<int:pk>/short-breaks/end/", views.short_breaks_end, name="short_breaks_end"),
    path("<int:pk>/short-breaks/break/", views.short_break_record, name="short_break_record"),
]
