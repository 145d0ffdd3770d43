"""Trend lines: a node's figures on the kept days (`TallySet` snapshots) of one year.

Snapshots are read as kept (`NodeTally.total`); a node with nothing to count on a day has no row
that day and reads as zero. Grassroots unions keep only the first day of each month (the nightly
count thins the rest out), so their lines are monthly. The day asked for ends the line with its
own figure, kept or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gonghui.kpi.figures import Figure
from gonghui.kpi.models import NodeTally, TallySet
from gonghui.kpi.registry import Metric, Tally
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float | None


def trend_lines(*, node: Union, figures: list[Figure], day: dt.date) -> dict[str, list[Point]]:
    """Each figure's metric → its value at `node` on every kept day from 1 January to `day`."""
    days = TallySet.objects.filter(day__gte=dt.date(day.year, 1, 1), day__lt=day)
    if node.is_grassroots:
        days = days.filter(day__day=1)
    kept = list(days.order_by("day").values_list("pk", "day", "keys"))
    totals = dict(
        NodeTally.objects.filter(
            node=node, tally_set__in=[pk for pk, _day, _keys in kept]
        ).values_list("tally_set_id", "total")
    )
    lines: dict[str, list[Point]] = {}
    for figure in figures:
        metric = figure.metric
        points = [
            Point(kept_day, _value(metric, keys, totals.get(pk)))
            for pk, kept_day, keys in kept
            if _counts_metric(metric, keys)
        ]
        lines[metric.key] = [*points, Point(day, figure.value)]
    return lines


def _counts_metric(metric: Metric, keys: list[str]) -> bool:
    """Whether a set kept on some day counted this metric's tallies."""
    return all(tally.key in keys for tally in _tallies(metric))


def _value(metric: Metric, keys: list[str], total: list[int] | None) -> float | None:
    def count(tally: Tally | None) -> int | None:
        if tally is None:
            return None
        return total[keys.index(tally.key)] if total is not None else 0

    return metric.value(count(metric.numerator) or 0, count(metric.chosen_denominator))


def _tallies(metric: Metric) -> list[Tally]:
    return [tally for tally in (metric.numerator, metric.chosen_denominator) if tally is not None]
