from django.urls import path

from gonghui.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("export/", views.member_export, name="export"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/transfer/", views.member_transfer, name="transfer"),
    path("<int:member_id>/reveal/", views.member_reveal, name="reveal"),
    path("<int:member_id>/erase/", views.member_erase, name="erase"),
]
