"""The dashboard of a node as a workbook: its figures, its children's, the trend points.

Written through core.tabular's XlsxBook (every cell neutralised) and audited with the node and
the day. The PDF report (report.py) reads its rows from here too.
"""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.tabular import XlsxBook
from gonghui.kpi.figures import Figure
from gonghui.kpi.origins import Origin
from gonghui.kpi.panels import Panel
from gonghui.kpi.templatetags.kpi import kpi_value


def figure_headers() -> list[str]:
    return [
        _("Metric"),
        _("Numerator"),
        _("Denominator"),
        _("Value"),
        _("Unit"),
        _("Target"),
        _("Status"),
    ]


def figure_cells(figure: Figure, *, written: bool = False) -> list[Any]:
    """A figure's cells: numbers for a workbook, or `written` as the pages show them."""
    metric = figure.metric
    if written:
        denominator: Any = "—" if figure.denominator is None else figure.denominator
        value: Any = kpi_value(figure.value, metric)
        target: Any = kpi_value(figure.target, metric)
    else:
        denominator, value, target = figure.denominator, figure.value, figure.target
    return [
        str(metric.name),
        figure.numerator,
        denominator,
        value,
        str(metric.unit.label),
        target,
        str(figure.status.label),
    ]


def origin_label(origin: Origin | None) -> str:
    return origin.label if origin is not None else ""


def dashboard_workbook(*, actor: Any, panel: Panel, stream: IO[bytes]) -> None:
    book = XlsxBook(stream)
    figures = book.sheet(_("Figures"), [*figure_headers(), _("Target from")])
    for figure in panel.figures:
        figures.append([*figure_cells(figure), origin_label(panel.origins.get(figure.metric.key))])
    children = book.sheet(_("Subordinate unions"), [_("Union"), *figure_headers()])
    for child in panel.children:
        for figure in child.figures:
            children.append([child.node.name, *figure_cells(figure)])
    trend = book.sheet(_("Trend"), [_("Metric"), _("Day"), _("Value"), _("Target")])
    for figure in panel.figures:
        for point in panel.trends[figure.metric.key]:
            trend.append([str(figure.metric.name), point.day, point.value, figure.target])
    book.close()
    record(actor, panel, "xlsx")


def record(actor: Any, panel: Panel, file_format: str) -> None:
    """One audit entry per export of a dashboard: who, which node, which day."""
    audit.record(
        actor=actor,
        action="kpi.dashboard_export",
        obj=panel.node,
        day=panel.day.isoformat(),
        format=file_format,
    )
