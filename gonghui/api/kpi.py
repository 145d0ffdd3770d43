"""The KPI endpoints: the registered metrics, a node's figures (its own and its children's,
as the dashboard and `gonghui kpi` show them) and the work plans that bind the requester."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.base import ApiViewSet, NoSignInRedirect
from gonghui.api.filters import parameters_of
from gonghui.api.schema import answers, read_only
from gonghui.kpi import registry, selectors
from gonghui.kpi.figures import Figure, Status
from gonghui.kpi.forms import AsOfForm
from gonghui.kpi.models import Plan
from gonghui.orgs import selectors as org_selectors


class MetricOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.ChoiceField(choices=registry.Unit.choices)
    description = serializers.CharField()
    share = serializers.BooleanField(source="is_share", help_text=_("numerator ÷ denominator"))


class DetailOut(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.FloatField(allow_null=True)


class FigureOut(serializers.Serializer):
    """One metric at one node: the same fields as a row of `gonghui kpi --json`."""

    org = serializers.CharField(help_text=_("Area code of a federation, else credit code"))
    union_id = serializers.IntegerField()
    name = serializers.CharField()
    metric = serializers.CharField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    details = serializers.DictField(
        child=DetailOut(), help_text=_("The metric's sub-figures, by their key")
    )


class FiguresOut(serializers.Serializer):
    as_of = serializers.DateField()
    rows = FigureOut(many=True)


class PlanOut(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ("id", "year", "org", "name", "source", "targets")
        read_only_fields = fields

    def get_targets(self, plan: Plan) -> dict[str, float]:
        return {target.metric: float(target.value) for target in plan.targets.all()}


class FiguresQuery(AsOfForm):
    """`?as_of=YYYY-MM-DD` (today when omitted; not after today), `?children=1`."""

    children = forms.BooleanField(label=_("Also the node's children"), required=False)


class PlanFilter(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        self.user = user

    def rows(self) -> QuerySet[Plan]:
        return selectors.plans_of(user=self.user, year=self.cleaned_data["year"])


@extend_schema_view(
    list=extend_schema(summary=_("The metrics"), responses=answers({200: MetricOut(many=True)}))
)
class MetricViewSet(NoSignInRedirect, viewsets.ViewSet):
    """The registered metrics (指标): what each figure counts, in the plan's order."""

    def list(self, request: Request) -> Response:
        return Response(MetricOut(registry.metrics(), many=True).data)


class FiguresViewSet(NoSignInRedirect, viewsets.ViewSet):
    """A node's figures on a day, with its targets and status (paced over the plan's year)."""

    lookup_url_kwarg = "union_id"
    lookup_value_converter = "int"

    @extend_schema(
        summary=_("A node's figures"),
        parameters=parameters_of(FiguresQuery),
        responses=answers({200: FiguresOut}, 400, 404),
    )
    def retrieve(self, request: Request, union_id: int) -> Response:
        node = org_selectors.union_get(user=request.user, union_id=union_id)
        query = FiguresQuery(request.query_params)
        if not query.is_valid():
            raise serializers.ValidationError(
                {name: [str(e) for e in errors] for name, errors in query.errors.items()}
            )
        board = selectors.dashboard(user=request.user, node=node, day=query.cleaned_data["as_of"])
        nodes = [board.node, *(board.children if query.cleaned_data["children"] else [])]
        rows = [_row(shown, figure) for shown in nodes for figure in shown.figures]
        return Response(FiguresOut({"as_of": board.day, "rows": rows}).data)


def _row(shown: selectors.NodeFigures, figure: Figure) -> dict[str, object]:
    row = selectors.Row(shown.node.code, shown.node.name, figure)
    return {**row.as_json(), "union_id": shown.node.pk, "name": shown.node.name}


@read_only(
    listed=_("The plans that bind the requester"),
    one=_("One plan"),
    out=PlanOut,
    filters=PlanFilter,
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Work plans (年度工作目标): the requester's own, those above it and those below."""

    serializer_class = PlanOut
    filter_form = PlanFilter
    lookup_url_kwarg = Plan.url_kwarg

    def get_object(self) -> Plan:
        return selectors.plan_get(user=self.request.user, plan_id=self.kwargs["plan_id"])
