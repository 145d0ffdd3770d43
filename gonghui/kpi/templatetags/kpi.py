"""How the KPI pages write a figure: a share as 86.5%, a count with thousands separators."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from gonghui.kpi.registry import Metric, Unit

register = template.Library()
# Units written after the figure (a count of organisations or people needs no word).
SUFFIXED = (Unit.YUAN, Unit.HOURS)


@register.filter
def kpi_value(value: float | None, metric: Metric) -> str:
    """A figure or a target in the metric's unit; no value → an em dash."""
    if value is None:
        return "—"
    if metric.is_share:
        return f"{value:.1f}%"
    shown = intcomma(round(value) if float(value).is_integer() else value)
    return f"{shown} {metric.unit.label}" if metric.unit in SUFFIXED else shown
