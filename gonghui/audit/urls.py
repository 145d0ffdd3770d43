from django.urls import path

from gonghui.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export/", views.entry_export, name="export"),
    path("verify/", views.chain_verify, name="verify"),
    path("<int:entry_id>/", views.entry_detail, name="detail"),
]
