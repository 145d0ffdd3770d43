"""Totals over a subtree of the union tree: the overview page and the tree drill-down.

The employer and member figures are the KPI engine's (kept per node and added up the tree), so
the overview, the tree and the dashboard show the same numbers; only the count of unions is
asked of the database, one grouped query for a node and all its children.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from gonghui.core.fields import prefix_q
from gonghui.kpi.figures import Board
from gonghui.kpi.selectors import Dashboard, NodeFigures, dashboard
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class Totals:
    """Counts for a subtree of the union tree (employers by the KPI engine's homes)."""

    unions: int
    employers: int
    unionised_employers: int
    members: int

    @property
    def unionised_share(self) -> float | None:
        return self.unionised_employers / self.employers if self.employers else None


def subtree_totals(union: Union) -> Totals:
    """Totals of a node's subtree: unions in it, employers it answers for, active members."""
    board = Board({union.pk: union.path})
    figures = NodeFigures(union, board.figures(union.pk))
    return _totals(figures, _union_counts(union, [])[union.pk])


def children_with_totals(*, user: Any, union: Union) -> list[tuple[Union, Totals]]:
    """The node's children (those the user may see) with their subtree totals."""
    return overview(user=user, union=union)[1]


def overview(*, user: Any, union: Union) -> tuple[Totals, list[tuple[Union, Totals]], Dashboard]:
    """The node's totals, its children's, and the dashboard they are read from."""
    board = dashboard(user=user, node=union)
    unions = _union_counts(union, [child.node for child in board.children])
    children = [(child.node, _totals(child, unions[child.node.pk])) for child in board.children]
    return _totals(board.node, unions[union.pk]), children, board


def _totals(figures: NodeFigures, unions: int) -> Totals:
    coverage = figures.of("union_coverage")
    return Totals(
        unions=unions,
        employers=coverage.denominator or 0,
        unionised_employers=coverage.numerator,
        members=figures.of("members").numerator,
    )


def _union_counts(node: Union, children: list[Union]) -> dict[int, int]:
    """How many unions the subtree of the node and of each child holds, in one query."""
    subtrees = {f"n{union.pk}": prefix_q("path", union.path) for union in [node, *children]}
    counts = Union.objects.filter(subtrees[f"n{node.pk}"]).aggregate(
        **{alias: Count("pk", filter=subtree) for alias, subtree in subtrees.items()}
    )
    return {int(alias[1:]): count for alias, count in counts.items()}
