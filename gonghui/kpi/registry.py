"""The metric registry: each metric is declared once, by the domain that owns its records.

A domain declares, in its own `metrics.py` (found by `KpiConfig.ready`):

- a `Source`: the records a metric counts (a model), the node of the union tree each record
  belongs to (its *home*), and the records that existed on a given day;
- `Tally` declarations over a source: which records count (a filter for a day), and whether
  each counts as one or by a field (a headcount);
- `Metric`s: a numerator and an optional denominator, each a tally, with a unit; and optional
  `details`, sub-figures of the same form shown beside the metric (files by tier, cases by
  stage, assistance paid), counted and rolled up exactly as the metric is.

Figures roll up by adding numerators and denominators up the tree; a share is the ratio of the
sums, never an average of shares. The engine (`engine.py`) imports no domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DayFilter = Callable[[dt.date], models.Q]


def always(_day: dt.date) -> models.Q:
    return models.Q()


@dataclass(frozen=True)
class Column:
    """A column of a drill-through list: its heading and how to read it from a record."""

    label: str | Promise
    value: Callable[[Any], object]


@dataclass(frozen=True, eq=False)
class Source:
    """Records of one model and the union tree node each belongs to.

    A record's home is the union its `union_field` points to; where that is empty and the
    source has an `area_field`, the federation answering for that area (an employer no union
    covers belongs to its street's federation). `union_on` may give the union a record belonged
    to on an earlier day (a member who has since transferred).
    """

    key: str
    model: type[models.Model]
    label: str | Promise
    union_field: str
    existed_on: DayFilter = always
    area_field: str | None = None
    union_on: Callable[[dt.date], models.Expression] | None = None
    # Whether any record's union changed after the day (only then is `union_on` worth its cost).
    moved_after: Callable[[dt.date], bool] = lambda day: False

    def home_on(self, day: dt.date) -> models.Expression | models.F:
        """The union each record belonged to on `day`."""
        if self.union_on is not None and self.moved_after(day):
            return self.union_on(day)
        return models.F(self.union_field)

    columns: tuple[Column, ...] = ()
    related: tuple[str, ...] = ()  # select_related for the drill-through list
    detail_url: str = ""  # URL name of a record's page, taking its primary key

    def __repr__(self) -> str:
        return f"Source({self.key})"


@dataclass(frozen=True, eq=False)
class Tally:
    """Records of a source that count on a day, each as one or as the value of `weight`."""

    key: str
    source: Source
    where: DayFilter = always
    weight: str | None = None

    def __repr__(self) -> str:
        return f"Tally({self.key})"


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    PEOPLE = "people", _("people")
    ORGANISATIONS = "orgs", _("organisations")
    ITEMS = "items", _("items")
    YUAN = "yuan", _("yuan")  # a sum of amounts (the tally's weight, in whole yuan)
    HOURS = "hours", _("hours")  # a mean: hours summed (weighted tally) ÷ records counted


@dataclass(frozen=True, eq=False)
class Metric:
    """A figure of the plan: numerator ÷ denominator (a share) or the numerator alone."""

    key: str
    name: str | Promise
    unit: Unit
    numerator: Tally
    denominator: Tally | None = None
    description: str | Promise = ""
    order: int = 100  # where the metric stands in lists: the plan's order
    # Other denominators a deployment may choose (GONGHUI_KPI_DENOMINATORS), by name.
    alternatives: dict[str, Tally] = field(default_factory=dict)
    # Sub-figures (their keys local to this metric), without targets of their own.
    details: tuple[Metric, ...] = ()
    is_share: bool = field(init=False)  # numerator ÷ denominator, as a percentage
    is_mean: bool = field(init=False)  # numerator ÷ denominator, per record

    def __post_init__(self) -> None:
        # Read for every figure of every node (a city's 200,000): plain attributes, not an
        # enum comparison each time.
        object.__setattr__(self, "is_share", self.unit == Unit.PERCENT)
        object.__setattr__(self, "is_mean", self.unit == Unit.HOURS)
        if (self.is_share or self.is_mean) and self.denominator is None:
            raise ValueError(f"metric {self.key!r}: a share or a mean needs a denominator")

    @property
    def chosen_denominator(self) -> Tally | None:
        chosen = settings.GONGHUI_KPI_DENOMINATORS.get(self.key)
        if chosen is None:
            return self.denominator
        return self.alternatives[chosen]

    def value(self, numerator: int, denominator: int | None) -> float | None:
        """The figure: a percentage or a mean to 0.1, rounded half up (四舍五入, as statistics
        forms do), or a count or sum; None when there is nothing to measure (a share or a mean
        of zero records)."""
        if not (self.is_share or self.is_mean):
            return float(numerator)
        if not denominator:
            return None
        # In whole numbers, so 85.25% is 85.3% and no float lands a hair below the half.
        scale = 1000 if self.is_share else 10
        return (2 * scale * numerator + denominator) // (2 * denominator) / 10


METRICS: dict[str, Metric] = {}

# A record's home for change marks: (union id, "") or, where no union is set, (None, area code).
Home = tuple[int | None, str]
# Models whose changes move figures without being a source themselves (a contract changes its
# employer's figures): each maps a record to the homes it touches.
WATCHED: dict[type[models.Model], Callable[[Any], list[Home]]] = {}


def watch(model: type[models.Model], homes: Callable[[Any], list[Home]]) -> None:
    """Mark the homes `homes(record)` returns whenever a `model` record is saved or deleted."""
    WATCHED[model] = homes


def register(*metrics: Metric) -> None:
    """Declare metrics (from a domain's metrics.py). A key is declared once."""
    for metric in metrics:
        if metric.key in METRICS:
            raise ValueError(f"metric {metric.key!r} is declared twice")
        METRICS[metric.key] = metric


def metrics() -> list[Metric]:
    """The registered metrics in the plan's order."""
    return sorted(METRICS.values(), key=lambda metric: (metric.order, metric.key))


def sources() -> list[Source]:
    """Every source a registered metric counts, each once."""
    return list({id(tally.source): tally.source for tally in tallies()}.values())


def tallies() -> list[Tally]:
    """Every tally a registered metric needs, each once, in a stable order."""
    seen: dict[str, Tally] = {}
    for metric in metrics():
        for tally in _tallies_of(metric):
            if tally is not None:
                known = seen.setdefault(tally.key, tally)
                if known is not tally:
                    raise ValueError(f"tally key {tally.key!r} names two different tallies")
    return list(seen.values())


def _tallies_of(metric: Metric) -> list[Tally | None]:
    own = [metric.numerator, metric.chosen_denominator]
    return own + [tally for detail in metric.details for tally in _tallies_of(detail)]
