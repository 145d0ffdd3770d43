from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("suggest/", views.suggest, name="suggest"),
    path("export/", views.export, name="export"),
    path("<int:union_id>/", views.detail, name="detail"),
    path("<int:union_id>/six-haves/", views.six_haves, name="six_haves"),
]
