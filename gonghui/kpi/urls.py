"""/kpi/: the leader dashboard of a node, the records behind each number, exports, plans.

A metric and a part (numerator, denominator) are written into the patterns, one per pair,
rather than taken as URL parameters: every parameter of a URL names an object fetched
through the scope (core/tests/test_scope_walk.py), and an unknown metric simply matches no
pattern (404).
"""

from django.urls import path

from gonghui.kpi import registry, views

app_name = "kpi"
urlpatterns = [
    path("", views.board, name="home"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:union_id>/", views.board, name="board"),
    path("<int:union_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:union_id>/report.pdf", views.report_pdf, name="report_pdf"),
    *(
        path(
            f"<int:union_id>/{metric.key}/{part}/",
            views.drill,
            {"metric": metric.key, "part": part},
            name="drill",
        )
        for metric in registry.metrics()
        for part in views.PARTS
        if part == "numerator" or metric.chosen_denominator is not None
    ),
]
