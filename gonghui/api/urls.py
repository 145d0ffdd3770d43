"""/api/v1/: the endpoints (a router over the viewsets), the schema, the docs, the token pages."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from gonghui.api import endpoints, kpi, views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("orgs", endpoints.UnionViewSet, basename="union")
router.register("employers", endpoints.EmployerViewSet, basename="employer")
router.register("members", endpoints.MemberViewSet, basename="member")
router.register("metrics", kpi.MetricViewSet, basename="metric")
router.register("plans", kpi.PlanViewSet, basename="plan")

urlpatterns = [
    *router.urls,
    path(
        "orgs/<int:union_id>/figures/",
        kpi.FiguresViewSet.as_view({"get": "retrieve"}),
        name="union-figures",
    ),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    # Last: every other address under /api/v1/ (an API answers JSON, and never redirects).
    re_path(r"", views.NotFoundView.as_view(), name="not_found"),
]
