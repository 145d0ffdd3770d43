"""The leader dashboard, the records behind its numbers, its exports, and the work plans."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.core.exporting import Column as ExportColumn
from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required, export_response
from gonghui.core.pagination import page_of
from gonghui.core.tabular import CONTENT_TYPES
from gonghui.kpi import charts, exporting, registry, report, services
from gonghui.kpi.forms import AsOf, NewPlanForm, PlanForm, read_as_of
from gonghui.kpi.models import Plan
from gonghui.kpi.origins import target_origins
from gonghui.kpi.panels import Panel, panel, ranking, tiles
from gonghui.kpi.registry import Metric, Tally
from gonghui.kpi.selectors import drill_records, metric_or_404, plan_get, plans_of
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import union_get, user_root


def _node(request: HttpRequest, union_id: int | None) -> Union:
    if union_id is None:
        root = user_root(user=request.user)
        if root is None:
            raise Http404
        return root
    return union_get(user=request.user, union_id=union_id)


def _panel(request: HttpRequest, union_id: int | None) -> tuple[Panel, AsOf]:
    node = _node(request, union_id)
    as_of = read_as_of(request.GET)
    return panel(user=request.user, node=node, day=as_of.day), as_of


@require_safe
def board(request: HttpRequest, union_id: int | None = None) -> HttpResponse:
    """`/kpi/` (the user's own node) and `/kpi/<union_id>/`; `?wall=1` for a wall screen."""
    the_panel, as_of = _panel(request, union_id)
    rank = _ranked_metric(request.GET.get("rank"))
    wall = request.GET.get("wall") == "1"
    rows = ranking(the_panel.board, rank)
    kept = {"as_of": f"{as_of.day:%Y-%m-%d}"} if as_of.day else {}
    if wall:
        kept["wall"] = "1"
    context = {
        "panel": the_panel,
        "tiles": tiles(the_panel),
        "as_of": as_of,
        "wall": wall,
        "board_query": f"?{urlencode(kept)}" if kept else "",
        "rank": rank,
        "ranking": rows,
        "ranking_chart": charts.ranking(rank, rows),
        "metrics": registry.metrics(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "kpi/_ranking.html", context)
    return render(request, "kpi/wall.html" if wall else "kpi/dashboard.html", context)


def _ranked_metric(key: str | None) -> Metric:
    """The metric the children are ranked by (the first share of the plan by default)."""
    metric = registry.METRICS.get(key or "")
    return metric or next(metric for metric in registry.metrics() if metric.is_share)


@require_safe
def drill(request: HttpRequest, union_id: int, metric: str, part: str) -> HttpResponse:
    """The records behind one number of the dashboard; `?format=xlsx|csv` exports them."""
    node = union_get(user=request.user, union_id=union_id)
    the_metric = metric_or_404(metric)
    as_of = read_as_of(request.GET)
    day = as_of.day or timezone.localdate()
    records = drill_records(
        user=request.user, node=node, metric=the_metric, part=part, day=day
    ).order_by("pk")
    tally = _tally(the_metric, part)
    source = tally.source
    if "format" in request.GET:
        columns = [ExportColumn(column.label, column.value) for column in source.columns]
        return export_response(
            request, kind=f"kpi-{the_metric.key}-{part}", rows=records, columns=columns
        )
    page = page_of(records, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    rows = [
        (
            reverse(source.detail_url, args=[record.pk]) if source.detail_url else "",
            [(column.label, column.value(record)) for column in source.columns],
        )
        for record in page.rows
    ]
    context = {
        "node": node,
        "metric": the_metric,
        "part": part,
        "source": source,
        "day": day,
        "as_of": as_of,
        "count": records.count(),
        "weighed": _weighed(records, tally),
        "page": page,
        "rows": rows,
    }
    return render(request, "kpi/drill.html", context)


def _tally(metric: Metric, part: str) -> Tally:
    tally = metric.numerator if part == "numerator" else metric.chosen_denominator
    assert tally is not None  # drill_records answered 404 already
    return tally


def _weighed(records: QuerySet, tally: Tally) -> tuple[str, int] | None:
    """A tally that adds up a field (a headcount): the field's name and the records' sum."""
    if tally.weight is None:
        return None
    field = records.model._meta.get_field(tally.weight)
    total = records.aggregate(total=Sum(tally.weight))["total"] or 0
    return str(field.verbose_name), total


@require_safe
def export_xlsx(request: HttpRequest, union_id: int) -> HttpResponse:
    the_panel, _as_of = _panel(request, union_id)
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    exporting.dashboard_workbook(actor=request.user, panel=the_panel, stream=spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"kpi-{the_panel.node.code}-{the_panel.day:%Y%m%d}.xlsx",
        content_type=CONTENT_TYPES["xlsx"],
    )


@require_safe
def report_pdf(request: HttpRequest, union_id: int) -> HttpResponse:
    the_panel, _as_of = _panel(request, union_id)
    try:
        font = report.cjk_font()
    except report.FontMissing as missing:
        context = {"path": missing.path, "node": the_panel.node}
        return render(request, "kpi/pdf_unavailable.html", context, status=503)
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    report.dashboard_pdf(actor=request.user, panel=the_panel, font=font, stream=spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"kpi-{the_panel.node.code}-{the_panel.day:%Y%m%d}.pdf",
        content_type="application/pdf",
    )


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = plans_of(user=request.user).order_by("-year", "org__path")
    return render(request, "kpi/plan_list.html", {"plans": plans})


@editor_required
def plan_create(request: HttpRequest) -> HttpResponse:
    form = NewPlanForm(request.POST or None, user=request.user)
    saved = _save_plan(request, form, lambda: (form.cleaned_data["org"], form.cleaned_data["year"]))
    if saved is not None:
        return saved
    return render(request, "kpi/plan_form.html", {"form": form, "plan": None, "editable": True})


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's targets: cadres of its node or above change them; everyone else reads."""
    plan = plan_get(user=request.user, plan_id=plan_id)
    editable = request.user.may_edit and request.user.scope.covers(plan.org.path)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    targets = {target.metric: f"{float(target.value):g}" for target in plan.targets.all()}
    form = PlanForm(
        request.POST or None,
        initial={"name": plan.name, "source": plan.source, **targets},
        inherited=target_origins(
            user=request.user, node=plan.org, year=plan.year, include_own=False
        ),
    )
    for field in form.fields.values():
        field.disabled = not editable
    saved = _save_plan(request, form, lambda: (plan.org, plan.year))
    if saved is not None:
        return saved
    context = {"form": form, "plan": plan, "editable": editable}
    return render(request, "kpi/plan_form.html", context)


def _save_plan(
    request: HttpRequest, form: PlanForm, where: Callable[[], tuple[Union, int]]
) -> HttpResponse | None:
    """Save the form's targets for the node and year `where()` gives, through the service;
    saved, say so and show the plan (None: the form goes back with its problems)."""

    def save() -> Plan:
        org, year = where()
        data = form.cleaned_data
        return services.plan_save(
            actor=request.user, org=org, year=year, name=data["name"], source=data["source"],
            targets=form.targets,
        )  # fmt: skip

    plan = save_if_valid(request, form, save)
    if plan is None:
        return None
    messages.success(request, _("Plan %(name)s saved.") % {"name": plan.name})
    return redirect("kpi:plan", plan_id=plan.pk)
