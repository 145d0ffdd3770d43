from django.urls import path

from gonghui.relocation import views

app_name = "relocation"
urlpatterns = [
    path("", views.worker_list, name="list"),
    path("unserved/", views.unserved_list, name="unserved"),
    path("new/", views.worker_create, name="create"),
    path("export/", views.worker_export, name="export"),
    path("<int:relocated_id>/", views.worker_detail, name="detail"),
    path("<int:relocated_id>/edit/", views.worker_edit, name="edit"),
    path("<int:relocated_id>/services/", views.service_add, name="service_add"),
]
