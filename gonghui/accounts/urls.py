from django.contrib.auth import views as auth_views
from django.urls import path

from gonghui.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.verify, name="verify"),
    path("two-step/", views.enrol, name="enrol"),
    path("security/", views.security, name="security"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
