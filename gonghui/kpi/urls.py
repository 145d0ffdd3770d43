"""/kpi/: the leader dashboard of a node, the records behind each number, exports, plans.

The records behind a number: `<union_id>/<metric>/<part>/` — the node is fetched through the
scope; an unknown metric or part, or the denominator of a count, is a 404.
"""

from django.urls import path

from gonghui.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.board, name="home"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:union_id>/", views.board, name="board"),
    path("<int:union_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:union_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:union_id>/<slug:metric>/<slug:part>/", views.drill, name="drill"),
]
