"""The data of the dashboard's charts, as plain values for `json_script` (dashboard.js draws
them with ECharts; the colour of a status comes from the stylesheet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gonghui.kpi.figures import Figure
from gonghui.kpi.registry import Metric
from gonghui.kpi.trends import Point
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class Chart:
    id: str  # the element id of its json_script block
    kind: str  # gauge | ranking | trend: how dashboard.js draws it
    data: dict[str, Any]


def gauge(figure: Figure) -> Chart:
    return Chart(
        f"gauge-{figure.metric.key}",
        "gauge",
        {"value": figure.value, "target": figure.target, "status": figure.status.value},
    )


def ranking(metric: Metric, rows: list[tuple[Union, Figure]]) -> Chart:
    return Chart(
        "ranking-chart",
        "ranking",
        {
            "names": [union.name for union, _figure in rows],
            "values": [figure.value for _union, figure in rows],
            "statuses": [figure.status.value for _union, figure in rows],
            "percent": metric.is_share,
        },
    )


def trend(figure: Figure, points: list[Point]) -> Chart:
    return Chart(
        f"trend-{figure.metric.key}",
        "trend",
        {
            "days": [point.day.isoformat() for point in points],
            "values": [point.value for point in points],
            "target": figure.target,
            "percent": figure.metric.is_share,
        },
    )
