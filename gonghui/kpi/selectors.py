"""Reads of the figures, always for a user (or a command acting for a node) and within scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404

from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.kpi import registry
from gonghui.kpi.engine import Tree
from gonghui.kpi.figures import Board, Figure
from gonghui.kpi.models import Plan
from gonghui.kpi.registry import Metric, Source, Tally
from gonghui.orgs.models import Union, node_code


@dataclass(frozen=True)
class NodeFigures:
    node: Union
    figures: list[Figure]

    def of(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.metric.key == key)


@dataclass(frozen=True)
class Dashboard:
    """What a leader sees for one node: its figures and each child's, on one day."""

    day: dt.date
    node: NodeFigures
    children: list[NodeFigures]


def metric_or_404(key: str) -> Metric:
    try:
        return registry.METRICS[key]
    except KeyError:
        raise Http404 from None


def dashboard(*, user: Any, node: Union, day: dt.date | None = None) -> Dashboard:
    """The node's figures and its children's (the children the user may see)."""
    children = list(
        visible_to(Union, user).filter(parent=node).select_related("area").order_by("kind", "name")
    )
    board = Board({union.pk: union.path for union in [node, *children]}, day)
    return Dashboard(
        day=board.day,
        node=NodeFigures(node, board.figures(node.pk)),
        children=[NodeFigures(child, board.figures(child.pk)) for child in children],
    )


@dataclass(frozen=True)
class Row:
    """One line of `gonghui kpi --json` (and of the API's figures): a metric at a node."""

    org: str
    name: str
    figure: Figure

    def as_json(self) -> dict[str, object]:
        figure = self.figure
        return {
            "org": self.org,
            "metric": figure.metric.key,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "value": figure.value,
            "target": figure.target,
            "status": figure.status.value,
            "details": {
                detail.metric.key: {
                    "numerator": detail.numerator,
                    "denominator": detail.denominator,
                    "value": detail.value,
                }
                for detail in figure.details
            },
        }


def subtree_rows(node: Union, day: dt.date | None = None) -> tuple[dt.date, Iterator[Row]]:
    """Every metric at every node of `node`'s subtree (a command acting for that node)."""
    nodes = list(
        Union.objects.filter(path__startswith=node.path)
        .order_by("path")
        .values_list("pk", "path", "name", "kind", "area_id", "credit_code")
    )
    board = Board({pk: path for pk, path, *_ in nodes}, day)
    figures = board.all_figures()

    def rows() -> Iterator[Row]:
        for pk, _path, name, kind, area_id, credit_code in nodes:
            code = node_code(kind, area_id, credit_code, pk)
            for figure in figures[pk]:
                yield Row(code, name, figure)

    return board.day, rows()


def drill_records(
    *, user: Any, node: Union, metric: Metric, part: str, day: dt.date
) -> models.QuerySet:
    """The records behind a figure: those counted in its numerator or its denominator at the
    node on `day`, within the user's scope. The same filters the count used, so the list has
    exactly as many rows as the figure says."""
    parts = {"numerator": metric.numerator, "denominator": metric.chosen_denominator}
    tally: Tally | None = parts.get(part)
    if tally is None:
        raise Http404
    source = tally.source
    records = visible_to(source.model, user).filter(source.existed_on(day))
    records = records.annotate(kpi_union=source.home_on(day))
    return (
        records.filter(_homed_in(source, node))
        .filter(tally.where(day))
        .select_related(*source.related)
    )


def _homed_in(source: Source, node: Union) -> models.Q:
    subtree = Union.objects.filter(path__startswith=node.path).order_by().values("pk")
    mine = models.Q(kpi_union__in=subtree)
    if source.area_field is None:
        return mine
    tree = Tree.load()
    inside = {pk for pk, path in tree.path.items() if path.startswith(node.path)}
    areas = tree.areas_homed_at(inside)
    return mine | models.Q(kpi_union__isnull=True, **{f"{source.area_field}__in": areas})


def plans_of(*, user: Any, year: int | None = None) -> models.QuerySet[Plan]:
    plans = visible_to(Plan, user).select_related("org").prefetch_related("targets")
    return plans.filter(year=year) if year else plans


def plan_get(*, user: Any, plan_id: object) -> Plan:
    return get_visible_or_404(Plan, user, plan_id, Plan.objects.select_related("org"))
