"""What the dashboard pages and their exports show for one node, read once: the engine's
figures of the node and its children, the breadcrumb, where each target comes from and the
trend lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gonghui.kpi import charts
from gonghui.kpi.figures import Figure
from gonghui.kpi.origins import Origin, target_origins
from gonghui.kpi.registry import Metric
from gonghui.kpi.selectors import Dashboard, NodeFigures, dashboard
from gonghui.kpi.trends import Point, trend_lines
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import union_ancestors


@dataclass(frozen=True)
class Panel:
    board: Dashboard
    breadcrumb: list[Union]  # from the user's own node down to the node's parent
    origins: dict[str, Origin]
    trends: dict[str, list[Point]]

    @property
    def node(self) -> Union:
        return self.board.node.node

    @property
    def day(self) -> dt.date:
        return self.board.day

    @property
    def figures(self) -> list[Figure]:
        return self.board.node.figures

    @property
    def children(self) -> list[NodeFigures]:
        return self.board.children


def panel(*, user: Any, node: Union, day: dt.date | None = None) -> Panel:
    """Everything the dashboard of `node` shows on `day` (today when None)."""
    board = dashboard(user=user, node=node, day=day)
    ancestors = union_ancestors(user=user, union=node)
    return Panel(
        board=board,
        breadcrumb=[union for union in ancestors if union.pk != node.pk],
        origins=target_origins(user=user, node=node, year=board.day.year),
        trends=trend_lines(node=node, figures=board.node.figures, day=board.day),
    )


def ranking(board: Dashboard, metric: Metric) -> list[tuple[Union, Figure]]:
    """The children by their figure of `metric`, highest first; those without one last."""
    rows = [(child.node, child.of(metric.key)) for child in board.children]
    return sorted(rows, key=lambda row: (row[1].value is None, -(row[1].value or 0)))


@dataclass(frozen=True)
class Tile:
    """One metric of the node as the dashboard shows it."""

    figure: Figure
    origin: Origin | None
    gauge: charts.Chart | None  # shares only; counts stand as big numbers
    trend: charts.Chart


def tiles(the_panel: Panel) -> list[Tile]:
    return [
        Tile(
            figure=figure,
            origin=the_panel.origins.get(figure.metric.key),
            gauge=charts.gauge(figure) if figure.metric.is_share else None,
            trend=charts.trend(figure, the_panel.trends[figure.metric.key]),
        )
        for figure in the_panel.figures
    ]
