"""What the KPI benchmark times on one backend, besides the floor (`kpifloor`): ours — kept,
kept after one change, counted from the records —, the naive way on a sample of nodes, and the
dashboard. Imported by `gonghui.bench.kpi` once Django is set up."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.db.models import Q, Sum
from django.test import Client
from django.urls import Resolver404, resolve

from gonghui.accounts.models import User
from gonghui.bench.kpifloor import Totals
from gonghui.kpi import registry, store
from gonghui.kpi.engine import Tree
from gonghui.kpi.figures import Board, Figure
from gonghui.kpi.models import ChangeMark
from gonghui.kpi.registry import Source, Tally
from gonghui.kpi.selectors import dashboard
from gonghui.orgs.models import Union

# (node, metric key) → (numerator, denominator): what two ways of counting must agree on.
Pairs = dict[tuple[int, str], tuple[int, int | None]]
DASHBOARD_PATH = "/kpi/"
# Kinds with at most this many nodes are measured whole by the naive way, the others sampled.
WHOLE_STRATUM = 60


def all_nodes() -> dict[int, str]:
    """Every node of the tree → its path, in tree order."""
    return dict(Union.objects.order_by("path").values_list("pk", "path"))


def kept() -> dict[int, list[Figure]]:
    """What `gonghui kpi` does for the whole city today (`subtree_rows` without the names):
    today's kept set refreshed, every node's totals read, every figure with target and status."""
    return Board(all_nodes()).all_figures()


def after_one_mark(node: int, then: Callable[[], object]) -> Callable[[], object]:
    """What follows a cadre's edit: one change mark on `node` (as the edit's signal writes it),
    then `then`, whose refresh recounts that node."""

    def run() -> object:
        ChangeMark.objects.create(node_id=node)
        return then()

    return run


def counted() -> dict[int, list[Figure]]:
    """The same figures counted from the records (`store.count_all`), as for a past day without
    its snapshot: `store.counted` as it runs when it finds no kept set."""
    with mock.patch.object(store, "refresh", return_value=None):
        return Board(all_nodes()).all_figures()


def read_totals() -> object:
    """The refresh and the read of every node's totals, no figures."""
    return store.counted().totals


def values() -> list[tuple[int, str, int, int | None, float | None]]:
    """What the floor computes, and each value: every node's numerator, denominator and value of
    every metric from the kept totals — no target, no status, no 1 January."""
    counted = store.counted()
    place = {key: index for index, key in enumerate(counted.keys)}
    shapes = [
        (metric, place[metric.numerator.key], place[d.key] if d else None)
        for metric in registry.metrics()
        for d in [metric.chosen_denominator]
    ]
    found = []
    for node, counts in counted.totals.items():
        for metric, top, bottom in shapes:
            numerator, denominator = counts[top], None if bottom is None else counts[bottom]
            found.append(
                (node, metric.key, numerator, denominator, metric.value(numerator, denominator))
            )
    return found


def pairs(figures: dict[int, list[Figure]]) -> Pairs:
    return {
        (node, figure.metric.key): (figure.numerator, figure.denominator)
        for node, node_figures in figures.items()
        for figure in node_figures
    }


def totals_of(counted: store.Counted) -> Totals:
    return {
        node: dict(zip(counted.keys, counts, strict=True))
        for node, counts in counted.totals.items()
    }


def pairs_of_totals(totals: Totals, nodes: Iterable[int]) -> Pairs:
    """The (numerator, denominator) of each metric from tally totals (a missing node: zeros)."""
    found = {}
    for node in nodes:
        counts = totals.get(node, {})
        for metric in registry.metrics():
            denominator = metric.chosen_denominator
            found[(node, metric.key)] = (
                counts.get(metric.numerator.key, 0),
                None if denominator is None else counts.get(denominator.key, 0),
            )
    return found


def mismatches(ours: Pairs, other: Pairs) -> list[tuple[tuple[int, str], Any, Any]]:
    """Every (node, metric) of `other` whose pair differs from ours: (key, ours, other)."""
    return [(key, ours.get(key), pair) for key, pair in other.items() if ours.get(key) != pair]


@dataclass(frozen=True)
class Stratum:
    kind: str
    nodes: int
    seconds: list[float]  # one per sampled node

    @property
    def estimate(self) -> float:
        return self.nodes * statistics.mean(self.seconds)


@dataclass(frozen=True)
class Naive:
    strata: list[Stratum]
    totals: Totals  # of the sampled nodes

    @property
    def sampled(self) -> int:
        return sum(len(stratum.seconds) for stratum in self.strata)

    @property
    def measured(self) -> float:
        return sum(sum(stratum.seconds) for stratum in self.strata)

    @property
    def estimate(self) -> float:
        """Seconds for every node: each kind's mean time per node × its number of nodes."""
        return sum(stratum.estimate for stratum in self.strata)


def naive(day: dt.date, *, size: int, seed: int) -> Naive:
    """The ORM node by node on a sample stratified by kind (small kinds whole), timed per node."""
    tree = Tree.load()
    by_kind: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, path, kind in Union.objects.order_by("path").values_list("pk", "path", "kind"):
        by_kind[kind].append((pk, path))
    chosen = _sample(by_kind, size, random.Random(seed))
    # Each source's home expression, once: asking `moved_after` per query would double the time.
    homes = {source.key: source.home_on(day) for source in registry.sources()}
    strata, totals = [], {}
    for kind, nodes in chosen.items():
        seconds = []
        for pk, path in nodes:
            started = time.perf_counter()
            totals[pk] = naive_counts(path, day, tree, homes)
            seconds.append(time.perf_counter() - started)
        strata.append(Stratum(kind, len(by_kind[kind]), seconds))
    return Naive(strata, totals)


def _sample(
    by_kind: dict[str, list[tuple[int, str]]], size: int, rng: random.Random
) -> dict[str, list[tuple[int, str]]]:
    whole = {kind: nodes for kind, nodes in by_kind.items() if len(nodes) <= WHOLE_STRATUM}
    large = sorted(kind for kind in by_kind if kind not in whole)
    left = max(size - sum(map(len, whole.values())), len(large))
    sampled = {
        kind: rng.sample(by_kind[kind], min(len(by_kind[kind]), left // len(large)))
        for kind in large
    }
    return whole | sampled


def naive_counts(path: str, day: dt.date, tree: Tree, homes: dict[str, Any]) -> dict[str, int]:
    """Each tally of the node at `path`: one ORM query per tally over the node's subtree."""
    inside = [pk for pk, node_path in tree.path.items() if node_path.startswith(path)]
    areas = tree.areas_homed_at(set(inside))
    return {
        tally.key: _naive_count(tally, path, areas, day, homes[tally.source.key])
        for tally in registry.tallies()
    }


def _naive_count(tally: Tally, path: str, areas: list[str], day: dt.date, home: Any) -> int:
    source = tally.source
    records = (
        source.model._default_manager.filter(source.existed_on(day))
        .annotate(kpi_union=home)
        .filter(_homed_in(source, path, areas), tally.where(day))
    )
    if tally.weight is None:
        return records.count()
    return records.aggregate(total=Sum(tally.weight))["total"] or 0


def _homed_in(source: Source, path: str, areas: list[str]) -> Q:
    """Records whose home is in the subtree at `path`: their union on the day, else their
    area's federation."""
    subtree = Union.objects.filter(path__startswith=path).order_by().values("pk")
    mine = Q(kpi_union__in=subtree)
    if source.area_field is None:
        return mine
    return mine | Q(kpi_union__isnull=True, **{f"{source.area_field}__in": areas})


def has_dashboard_page() -> bool:
    try:
        resolve(DASHBOARD_PATH)
    except Resolver404:
        return False
    return True


def dashboard_case(username: str) -> tuple[str, Callable[[], Any]]:
    """(label, run): `GET /kpi/` as the user when the page exists, else the selector behind it
    (`selectors.dashboard` for the user's node)."""
    user = User.objects.select_related("org").get(username=username)
    if not has_dashboard_page():
        return f"selectors.dashboard as {username}", lambda: dashboard(user=user, node=user.org)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def run() -> None:
        response = client.get(DASHBOARD_PATH)
        assert response.status_code == 200, f"{DASHBOARD_PATH} answered {response.status_code}"

    return f"GET {DASHBOARD_PATH} as {username}", run


def timed_once(run: Callable[[], Any]) -> float:
    """Milliseconds of a single run (for what is too slow, or changes too much, to repeat)."""
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000
