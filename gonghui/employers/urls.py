from django.urls import path

from gonghui.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.employer_list, name="list"),
    path("new/", views.employer_create, name="create"),
    path("export/", views.employer_export, name="export"),
    path("<int:employer_id>/", views.employer_detail, name="detail"),
    path("<int:employer_id>/edit/", views.employer_edit, name="edit"),
    path("<int:employer_id>/contracts/new/", views.contract_create, name="contract_create"),
]
