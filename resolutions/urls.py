from django.urls import path

from resolutions import views

app_name = "resolutions"

urlpatterns = [
    path("", views.open_list, name="open"),
    path("awaiting/", views.awaiting, name="awaiting"),
    path("children/<int:pk>/new/", views.raise_resolution, name="raise"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("quality-of-practice/children/<int:pk>/new/", views.qop_raise, name="qop_raise"),
    path("quality-of-practice/<int:pk>/", views.qop_detail, name="qop_detail"),
    path("quality-of-practice/<int:pk>/respond/", views.qop_respond, name="qop_respond"),
    path("quality-of-practice/<int:pk>/escalate/", views.qop_escalate, name="qop_escalate"),
]
