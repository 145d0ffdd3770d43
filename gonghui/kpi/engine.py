"""Counting: every tally of every node of the union tree, in one pass per source.

`own_counts` asks the database once per source (employers, members, unions …): one grouped
query with a conditional aggregate per tally, grouped by the union each record belongs to.
`roll_up` then adds each node's counts to its parent's, deepest nodes first, so that every node
holds the totals of its subtree — no query per node, no join with the tree in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db import models

from gonghui.kpi.registry import Source, Tally
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import area_federations

Counts = list[int]


@dataclass(frozen=True)
class Tree:
    """The union tree as plain dictionaries: enough to roll up and to find a record's home."""

    root: int
    parent: dict[int, int | None]
    path: dict[int, str]
    # Nodes ordered deepest first: a node is always visited before its parent.
    deepest_first: tuple[int, ...]
    # The federation that answers for each area (its own, else the nearest above it).
    area_home: dict[str, int]

    @classmethod
    def load(cls) -> Tree:
        unions = list(Union.objects.order_by().values_list("id", "parent_id", "path"))
        parent = {pk: parent_id for pk, parent_id, _path in unions}
        by_depth = sorted(unions, key=lambda row: row[2].count("/"), reverse=True)
        root = next(pk for pk, parent_id, _path in unions if parent_id is None)
        return cls(
            root=root,
            parent=parent,
            path={pk: path for pk, _parent, path in unions},
            deepest_first=tuple(row[0] for row in by_depth),
            area_home=area_federations(),
        )

    def ancestors(self, node: int) -> Iterator[int]:
        """The node's parent, grandparent … up to the root."""
        above = self.parent.get(node)
        while above is not None:
            yield above
            above = self.parent.get(above)

    def areas_homed_at(self, nodes: Collection[int]) -> list[str]:
        return [area for area, home in self.area_home.items() if home in nodes]


def own_counts(
    tallies: list[Tally],
    day: dt.date,
    tree: Tree,
    *,
    nodes: Collection[int] | None = None,
) -> dict[int, Counts]:
    """Each node's own counts (records whose home it is) on `day`, one list entry per tally.

    With `nodes`, only the records of those nodes are counted (a refresh after changes).
    """
    own: dict[int, Counts] = defaultdict(lambda: [0] * len(tallies))
    positions = {id(tally): index for index, tally in enumerate(tallies)}
    by_source = groupby(sorted(tallies, key=lambda t: t.source.key), key=lambda t: t.source)
    for source, group in by_source:
        indexes = [positions[id(tally)] for tally in group]
        chosen = [tallies[index] for index in indexes]
        for union_id, area, values in _grouped(source, chosen, day, tree, nodes):
            home = union_id if union_id is not None else tree.area_home.get(area, tree.root)
            counts = own[home]
            for index, value in zip(indexes, values, strict=True):
                counts[index] += value or 0
    return dict(own)


def _grouped(
    source: Source,
    tallies: list[Tally],
    day: dt.date,
    tree: Tree,
    nodes: Collection[int] | None,
) -> Iterable[tuple[int | None, str | None, tuple]]:
    """(union id, area code, one value per tally) for each group of the source's records."""
    records = source.model._default_manager.filter(source.existed_on(day))
    records = records.annotate(kpi_union=source.home_on(day))
    if nodes is not None:
        records = records.filter(_records_of(source, nodes, tree))
    group = ["kpi_union"] + ([source.area_field] if source.area_field else [])
    aggregates = {f"tally_{index}": _aggregate(tally, day) for index, tally in enumerate(tallies)}
    rows = records.order_by().values(*group).annotate(**aggregates).values_list(*group, *aggregates)
    width = len(group)
    for row in rows:
        yield row[0], (row[1] if width == 2 else None), row[width:]


def _records_of(source: Source, nodes: Collection[int], tree: Tree) -> models.Q:
    """Records whose home is one of `nodes`."""
    mine = models.Q(kpi_union__in=list(nodes))
    if source.area_field is None:
        return mine
    areas = tree.areas_homed_at(nodes)
    return mine | models.Q(kpi_union__isnull=True, **{f"{source.area_field}__in": areas})


def _aggregate(tally: Tally, day: dt.date) -> models.Aggregate:
    condition = tally.where(day)
    if tally.weight is None:
        return models.Count("pk", filter=condition or None)
    return models.Sum(tally.weight, filter=condition or None)


def roll_up(own: dict[int, Counts], tree: Tree, width: int) -> dict[int, Counts]:
    """Every node's subtree totals: its own counts plus its children's totals."""
    total = {node: list(counts) for node, counts in own.items()}
    for node in tree.deepest_first:
        counts = total.get(node)
        parent = tree.parent.get(node)
        if counts is None or parent is None:
            continue
        above = total.get(parent)
        total[parent] = (
            counts.copy() if above is None else [a + b for a, b in zip(above, counts, strict=True)]
        )
    for node in tree.parent:
        total.setdefault(node, [0] * width)
    return total
