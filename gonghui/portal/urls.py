from django.urls import path

from gonghui.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("signup/", views.signup, name="signup"),
    path("signin/", views.signin, name="signin"),
    path("identity/", views.identity, name="identity"),
    path("apply/", views.apply, name="apply"),
    path("my/", views.my, name="my"),
    path("transfer/", views.transfer, name="transfer"),
    path("my/<int:case_id>/", views.application, name="application"),
    path("my/<int:case_id>/files/<int:attachment_id>/", views.application_file, name="file"),
    path("card/", views.card, name="card"),
    path("verify/", views.verify, name="verify"),
]
