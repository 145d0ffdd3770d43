from django.urls import path

from gonghui.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_start, name="start"),
    path("template/", views.import_template, name="template"),
    path("<int:job_id>/", views.import_detail, name="detail"),
    path("<int:job_id>/progress/", views.import_progress, name="progress"),
    path("<int:job_id>/import/", views.import_checked, name="import_checked"),
    path("<int:job_id>/report/", views.import_report, name="report"),
]
