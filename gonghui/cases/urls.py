from django.urls import path

from gonghui.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_work, name="work"),
    path("overdue/", views.case_overdue, name="overdue"),
    path("notifications/", views.notification_list, name="notifications"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/act/", views.case_act, name="act"),
    path("<int:case_id>/comment/", views.case_comment, name="comment"),
    path("<int:case_id>/attach/", views.case_attach, name="attach"),
    path("<int:case_id>/files/<int:attachment_id>/", views.case_file, name="file"),
]
