"""Figures: a metric at a node on a day, with its target from the plans and a status.

A target is inherited down the tree: a node's target is the one of the nearest plan, its own or
one above it, that has a target for the metric. Progress is paced over the plan's year from the
figure on 1 January: on 1 July a node that started at 60% with a target of 80% should be near
70%.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gc
from collections.abc import Collection
from functools import lru_cache
from typing import NamedTuple

from django.db import models
from django.utils.translation import pgettext_lazy

from gonghui.kpi import registry, store
from gonghui.kpi.models import Target
from gonghui.kpi.registry import Metric


class Status(models.TextChoices):
    MET = "met", pgettext_lazy("target status", "Met")
    ON_TRACK = "on_track", pgettext_lazy("target status", "On track")
    BEHIND = "behind", pgettext_lazy("target status", "Behind")
    NO_DATA = "no_data", pgettext_lazy("target status", "No data")
    NO_TARGET = "no_target", pgettext_lazy("target status", "No target")


class Figure(NamedTuple):
    """A metric at a node on a day (a tuple: a city's 200,000 figures are made in one go)."""

    metric: Metric
    numerator: int
    denominator: int | None
    value: float | None
    target: float | None = None
    expected: float | None = None  # where the year's pace says the figure should be by now
    status: Status = Status.NO_TARGET
    details: tuple[Figure, ...] = ()  # the metric's sub-figures (no targets)


class Targets:
    """The targets of one year's plans, looked up by a node's tree path.

    A share's or a mean's target holds for the whole subtree below the plan (the city's 85%
    建会率 is every district's too); a count's holds at the plan's own node only (the city's 20
    legal-aid posts are not each district's 20): a district sets its own count in its plan.
    """

    def __init__(self, year: int) -> None:
        self.inherited = {m.key for m in registry.metrics() if m.is_share or m.is_mean}
        # plan's node path → metric → (target, plan id)
        self.by_path: dict[str, dict[str, tuple[float, int]]] = {}
        rows = Target.objects.filter(plan__year=year).values_list(
            "plan__org__path", "plan_id", "metric", "value"
        )
        for path, plan_id, metric, value in rows:
            self.by_path.setdefault(path, {})[metric] = (float(value), plan_id)
        self._effective: dict[str, dict[str, tuple[float, int]]] = {"": {}}

    def of(self, path: str, metric: str) -> float | None:
        found = self.effective(path).get(metric)
        return found[0] if found else None

    def source(self, path: str, metric: str, *, above: bool = False) -> tuple[float, int] | None:
        """(target, plan id) of the deepest plan on the way from the root to `path` that sets
        one; with `above`, the node's own plan left out (what it would inherit)."""
        if above:
            return self._passed_down(_parent_path(path)).get(metric)
        return self.effective(path).get(metric)

    def effective(self, path: str) -> dict[str, tuple[float, int]]:
        """Every target that applies at `path`: the parent's, overridden by the node's own plan
        (each path worked out once)."""
        found = self._effective.get(path)
        if found is None:
            above, own = self._passed_down(_parent_path(path)), self.by_path.get(path)
            found = {**above, **own} if own else above
            self._effective[path] = found
        return found

    def _passed_down(self, path: str) -> dict[str, tuple[float, int]]:
        """The targets at `path` that hold below it too (shares and means, not counts)."""
        found = self.effective(path)
        if all(metric in self.inherited for metric in found):
            return found
        return {metric: target for metric, target in found.items() if metric in self.inherited}


def _parent_path(path: str) -> str:
    """ "/1/7/42/" → "/1/7/"; the root's parent is ""."""
    return path[: path.rfind("/", 0, len(path) - 1) + 1] if len(path) > 1 else ""


@lru_cache(maxsize=64)
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
        # Each metric with the places of its numerator and denominator in a node's counts.
        place = {key: index for index, key in enumerate(self.counted.keys)}

        def places(metric: Metric) -> tuple[Metric, int, int | None]:
            bottom = metric.chosen_denominator
            return metric, place[metric.numerator.key], place[bottom.key] if bottom else None

        self._places = [places(metric) for metric in registry.metrics()]
        self._detail_places = {
            metric.key: [places(detail) for detail in metric.details]
            for metric in registry.metrics()
            if metric.details
        }

    def figure(self, node: int, metric: Metric) -> Figure:
        return self.figures(node, [metric])[0]

    def all_figures(self) -> dict[int, list[Figure]]:
        """Every figure of every node asked for (a whole city: 200,000 of them), with the
        cyclic garbage collector paused meanwhile: the figures hold no cycles, and its passes
        over a growing heap took a third of the time."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return {node: self.figures(node) for node in self.paths}
        finally:
            if collecting:
                gc.enable()

    def figures(self, node: int, metrics: Collection[Metric] | None = None) -> list[Figure]:
        wanted = None if metrics is None else {metric.key for metric in metrics}
        counts, start = self.counted.totals.get(node), self.start.totals.get(node)
        targets = self.targets.effective(self.paths[node])
        figures = []
        for metric, top, bottom in self._places:
            if wanted is not None and metric.key not in wanted:
                continue
            numerator, denominator = _pair(counts, top, bottom)
            value = metric.value(numerator, denominator)
            details = self._details(metric, counts)
            target = targets.get(metric.key)
            if target is None:
                figures.append(Figure(metric, numerator, denominator, value, details=details))
                continue
            started = metric.value(*_pair(start, top, bottom))
            expected, status = status_of(value, target[0], started, self.day)
            figures.append(
                Figure(metric, numerator, denominator, value, target[0], expected, status, details)
            )
        return figures

    def _details(self, metric: Metric, counts: list[int] | None) -> tuple[Figure, ...]:
        places = self._detail_places.get(metric.key)
        if places is None:
            return ()
        return tuple(
            Figure(detail, *pair, detail.value(*pair))
            for detail, top, bottom in places
            for pair in [_pair(counts, top, bottom)]
        )


def _pair(counts: list[int] | None, top: int, bottom: int | None) -> tuple[int, int | None]:
    """(numerator, denominator) out of a node's counts (none: a node with nothing counted)."""
    if counts is None:
        return 0, (None if bottom is None else 0)
    return counts[top], (None if bottom is None else counts[bottom])
