"""Figures: a metric at a node on a day, with its target from the plans and a status.

A target is inherited down the tree: a node's target is the one of the nearest plan, its own or
one above it, that has a target for the metric. Progress is paced over the plan's year from the
figure on 1 January: on 1 July a node that started at 60% with a target of 80% should be near
70%.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy

from gonghui.kpi import registry, store
from gonghui.kpi.models import Target
from gonghui.kpi.registry import Metric
from gonghui.orgs.models import ancestor_paths


class Status(models.TextChoices):
    MET = "met", pgettext_lazy("target status", "Met")
    ON_TRACK = "on_track", pgettext_lazy("target status", "On track")
    BEHIND = "behind", pgettext_lazy("target status", "Behind")
    NO_DATA = "no_data", pgettext_lazy("target status", "No data")
    NO_TARGET = "no_target", pgettext_lazy("target status", "No target")


@dataclass(frozen=True)
class Figure:
    metric: Metric
    numerator: int
    denominator: int | None
    value: float | None
    target: float | None = None
    expected: float | None = None  # where the year's pace says the figure should be by now
    status: Status = Status.NO_TARGET


class Targets:
    """The targets of one year's plans, looked up by a node's tree path."""

    def __init__(self, year: int) -> None:
        # plan's node path → metric → (target, plan id)
        self.by_path: dict[str, dict[str, tuple[float, int]]] = {}
        rows = Target.objects.filter(plan__year=year).values_list(
            "plan__org__path", "plan_id", "metric", "value"
        )
        for path, plan_id, metric, value in rows:
            self.by_path.setdefault(path, {})[metric] = (float(value), plan_id)

    def of(self, path: str, metric: str) -> float | None:
        found = self.source(path, metric)
        return found[0] if found else None

    def source(self, path: str, metric: str, *, above: bool = False) -> tuple[float, int] | None:
        """(target, plan id) of the deepest plan on the way from the root to `path` that sets
        one; with `above`, the node's own plan left out (what it would inherit)."""
        paths = ancestor_paths(path)
        for plan_path in reversed(paths[:-1] if above else paths):
            found = self.by_path.get(plan_path, {}).get(metric)
            if found is not None:
                return found
        return None


def year_fraction(day: dt.date) -> float:
    """How much of the day's year has passed at its end (31 December → 1.0)."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.timetuple().tm_yday / days


def status_of(
    value: float | None, target: float | None, start: float | None, day: dt.date
) -> tuple[float | None, Status]:
    """(expected, status) of a figure against its target, paced from the figure on 1 January."""
    if target is None:
        return None, Status.NO_TARGET
    if value is None:
        return None, Status.NO_DATA
    expected = target if start is None else start + (target - start) * year_fraction(day)
    if value >= target:
        return expected, Status.MET
    return expected, Status.ON_TRACK if value >= expected else Status.BEHIND


class Board:
    """Figures of some nodes on a day: counted totals, the year's targets, 1 January's start."""

    def __init__(self, nodes: dict[int, str], day: dt.date | None = None) -> None:
        """`nodes`: node id → tree path, for every node whose figures will be asked for."""
        self.paths = nodes
        self.counted = store.counted(day, nodes.keys())
        self.day = self.counted.day
        start_day = dt.date(self.day.year, 1, 1)
        self.start = (
            self.counted if start_day == self.day else store.counted(start_day, nodes.keys())
        )
        self.targets = Targets(self.day.year)

    def figure(self, node: int, metric: Metric) -> Figure:
        numerator, denominator = self._counts(self.counted, node, metric)
        value = metric.value(numerator, denominator)
        target = self.targets.of(self.paths[node], metric.key)
        start = metric.value(*self._counts(self.start, node, metric))
        expected, status = status_of(value, target, start, self.day)
        return Figure(metric, numerator, denominator, value, target, expected, status)

    def figures(self, node: int, metrics: Collection[Metric] | None = None) -> list[Figure]:
        return [self.figure(node, metric) for metric in metrics or registry.metrics()]

    def rows(self) -> Iterator[tuple[int, Figure]]:
        for node in self.paths:
            for figure in self.figures(node):
                yield node, figure

    @staticmethod
    def _counts(counted: store.Counted, node: int, metric: Metric) -> tuple[int, int | None]:
        numerator = counted.count(node, metric.numerator) or 0
        return numerator, counted.count(node, metric.chosen_denominator)
