from django.urls import path

from gonghui.hardship import views, worker_views

app_name = "hardship"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("export/", views.household_export, name="export"),
    path("new/", views.household_create, name="create"),
    path("<int:household_id>/", views.household_detail, name="detail"),
    path("<int:household_id>/act/", views.household_act, name="act"),
    path("<int:household_id>/edit/", views.household_edit, name="edit"),
    path("<int:household_id>/reverify/", views.household_reverify, name="reverify"),
    path("<int:household_id>/exit/", views.household_exit, name="exit"),
    path("<int:household_id>/consent/", views.consent_create, name="consent"),
    path("<int:household_id>/assistance/", views.assistance_create, name="assistance"),
    path("assistance/<int:assistance_id>/reveal/", views.assistance_reveal, name="reveal"),
    path("my/", worker_views.worker_files, name="worker_files"),
    path("my/apply/", worker_views.worker_apply, name="worker_apply"),
    path("my/<int:household_id>/", worker_views.worker_file, name="worker_file"),
]
