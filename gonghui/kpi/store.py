"""Kept tallies: today's counted once and kept current through change marks; other days read
from their snapshot, or counted from the records (which carry the dates) when there is none."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from gonghui.core.bulk import load_rows
from gonghui.kpi import engine, registry
from gonghui.kpi.engine import Counts, Tree
from gonghui.kpi.models import ChangeMark, NodeTally, TallySet

# More marked nodes than this, and one full count is cheaper than recounting them one by one.
RECOUNT_LIMIT = 2_000
# More nodes than this, and reading the whole set beats naming them all in one `IN (…)`.
READ_BY_ID_LIMIT = 5_000


@dataclass(frozen=True)
class Counted:
    """Subtree totals of some nodes on one day, by tally key."""

    day: dt.date
    keys: tuple[str, ...]
    totals: Mapping[int, Counts]

    def count(self, node: int, tally: registry.Tally | None) -> int | None:
        if tally is None:
            return None
        counts = self.totals.get(node)
        return counts[self.keys.index(tally.key)] if counts is not None else 0


def current_keys() -> tuple[str, ...]:
    return tuple(tally.key for tally in registry.tallies())


def counted(day: dt.date | None = None, nodes: Collection[int] | None = None) -> Counted:
    """Totals of `nodes` (all nodes when None) on `day` (today when None).

    Today: the kept set, refreshed first. Another day: its snapshot if one was kept with the
    current metrics, else a count from the records — kept when the day is the first of a month
    (the trend lines' grid, 1 January's start figures among them), not kept otherwise.
    """
    today = timezone.localdate()
    day = day or today
    keys = current_keys()
    tally_set = (
        refresh() if day == today else TallySet.objects.filter(day=day, keys=list(keys)).first()
    )
    if tally_set is None and day.day == 1 and day < today:
        tally_set = keep(day)
    if tally_set is None:
        totals = count_all(day)
        if nodes is not None:
            totals = {node: totals[node] for node in nodes if node in totals}
        return Counted(day, keys, totals)
    return Counted(day, keys, _read_totals(tally_set, nodes))


def _read_totals(tally_set: TallySet, nodes: Collection[int] | None) -> dict[int, Counts]:
    rows = NodeTally.objects.filter(tally_set=tally_set)
    by_id = nodes is not None and len(nodes) <= READ_BY_ID_LIMIT
    if by_id:
        rows = rows.filter(node_id__in=list(nodes))
    # The counts as text, decoded in one go: a city's 30,000 rows one by one through
    # JSONField's converters took five times as long.
    texts = list(
        rows.annotate(text=Cast("total", models.TextField())).values_list("node_id", "text")
    )
    decoded = json.loads("[" + ",".join(text for _node, text in texts) + "]")
    totals = dict(zip((node for node, _text in texts), decoded, strict=True))
    if nodes is None or by_id:
        return totals
    return {node: totals[node] for node in nodes if node in totals}


def count_all(day: dt.date, tree: Tree | None = None) -> dict[int, Counts]:
    """Every node's subtree totals on `day`, counted from the records."""
    return _count(day, tree or Tree.load())[1]


def _count(day: dt.date, tree: Tree) -> tuple[dict[int, Counts], dict[int, Counts]]:
    tallies = registry.tallies()
    own = engine.own_counts(tallies, day, tree)
    return own, engine.roll_up(own, tree, len(tallies))


def keep(day: dt.date, *, settles: Collection[int] = ()) -> TallySet:
    """Count every node on `day` from the records and keep the set (replacing an older one).

    The count runs outside any transaction, so writers never wait for it; it settles the change
    marks `settles` (read before counting); later ones are left for the next refresh.
    """
    tree = Tree.load()
    own, total = _count(day, tree)
    now = timezone.now()
    try:
        with transaction.atomic():
            TallySet.objects.filter(day=day).delete()
            tally_set = TallySet.objects.create(
                day=day, keys=list(current_keys()), computed_at=now, refreshed_at=now
            )
            rows = (
                (
                    tally_set.pk,
                    node,
                    json.dumps(own.get(node, [0] * len(counts))),
                    json.dumps(counts),
                )
                for node, counts in total.items()
                if any(counts)
            )
            load_rows(NodeTally, ("tally_set_id", "node_id", "own", "total"), rows)
            ChangeMark.objects.filter(id__in=list(settles)).delete()
    except IntegrityError:
        # Another process kept the same day at the same moment: theirs is as good.
        return TallySet.objects.get(day=day)
    return tally_set


def refresh() -> TallySet:
    """Today's set, counted if missing (or if the metrics changed), with marked nodes recounted.

    Recounting is idempotent: a node's fresh own counts replace the kept ones and only the
    difference moves up the tree, so two refreshes racing over the same marks agree.
    """
    today = timezone.localdate()
    tally_set = TallySet.objects.filter(day=today).first()
    marks = list(ChangeMark.objects.values_list("id", "node_id", "area_code"))
    whole = any(node is None and not area for _id, node, area in marks)
    stale = tally_set is None or tally_set.keys != list(current_keys())
    if stale or whole or len(marks) > RECOUNT_LIMIT:
        return keep(today, settles=[mark[0] for mark in marks])
    assert tally_set is not None
    if marks:
        _recount(tally_set, marks)
    return tally_set


def _recount(tally_set: TallySet, marks: list[tuple[int, int | None, str]]) -> None:
    """Recount the marked nodes and move the differences up to every ancestor."""
    tree = _tree_of(tally_set, {area for _id, _node, area in marks if area})
    nodes = {node for _id, node, _area in marks if node is not None}
    nodes |= {tree.area_home.get(area, tree.root) for _id, node, area in marks if area}
    nodes &= tree.parent.keys()  # a node deleted since it was marked has nothing left
    width = len(tally_set.keys)
    fresh = engine.own_counts(registry.tallies(), tally_set.day, tree, nodes=nodes)
    touched = set(nodes)
    for node in nodes:
        touched.update(tree.ancestors(node))
    with transaction.atomic():
        locked = TallySet.objects.select_for_update().filter(pk=tally_set.pk).first()
        if locked is None:  # replaced by a full count meanwhile, which saw these changes
            return
        kept = NodeTally.objects.filter(tally_set=tally_set, node_id__in=touched)
        rows = {row.node_id: row for row in kept}
        for node in nodes:
            before = rows[node].own if node in rows else [0] * width
            after = fresh.get(node, [0] * width)
            delta = [a - b for a, b in zip(after, before, strict=True)]
            if not any(delta):
                continue
            _row(rows, tally_set, node, width).own = after
            for above in (node, *tree.ancestors(node)):
                row = _row(rows, tally_set, above, width)
                row.total = [t + d for t, d in zip(row.total, delta, strict=True)]
        NodeTally.objects.bulk_create([row for row in rows.values() if row.pk is None])
        changed = [row for row in rows.values() if row.pk is not None]
        NodeTally.objects.bulk_update(changed, ["own", "total"])
        ChangeMark.objects.filter(id__in=[mark[0] for mark in marks]).delete()
        TallySet.objects.filter(pk=tally_set.pk).update(refreshed_at=timezone.now())


# The tree a kept set was counted with, per process. Any change to the tree marks everything,
# so the next refresh counts a new set (a new key) instead of recounting with this one.
_trees: dict[tuple[int, dt.datetime], Tree] = {}


def _tree_of(tally_set: TallySet, areas: Collection[str]) -> Tree:
    """`Tree.load()` (50 ms at city scale) once per kept set, again for an area it lacks."""
    key = (tally_set.pk, tally_set.computed_at)
    tree = _trees.get(key)
    if tree is None or not all(area in tree.area_home for area in areas):
        tree = Tree.load()
        _trees.clear()
        _trees[key] = tree
    return tree


def _row(rows: dict[int, NodeTally], tally_set: TallySet, node: int, width: int) -> NodeTally:
    if node not in rows:
        rows[node] = NodeTally(
            tally_set=tally_set, node_id=node, own=[0] * width, total=[0] * width
        )
    return rows[node]
