"""Totals over a subtree of the union tree: the overview page and the tree drill-down.

This sits above the domain apps (it counts unions, employers and members together), so that
orgs, employers and members keep importing downwards only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gonghui.core.scope import rows_in_scope, visible_to
from gonghui.employers.models import Employer
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class Totals:
    """Counts for a subtree of the union tree (employers by territory or coverage)."""

    unions: int
    employers: int
    unionised_employers: int
    members: int

    @property
    def unionised_share(self) -> float | None:
        return self.unionised_employers / self.employers if self.employers else None


def subtree_totals(union: Union) -> Totals:
    """Totals of a node's subtree: unions in it, employers it answers for, active members."""
    scope = union.as_scope().for_counting()
    employers = rows_in_scope(Employer, scope)
    return Totals(
        unions=rows_in_scope(Union, scope).count(),
        employers=employers.count(),
        unionised_employers=employers.filter(union__isnull=False).count(),
        members=rows_in_scope(Member, scope).filter(status=Status.ACTIVE).count(),
    )


def children_with_totals(*, user: Any, union: Union) -> list[tuple[Union, Totals]]:
    """The node's children with their subtree totals, for the tree drill-down.

    A handful of indexed counts per child; the KPI engine's leaf totals replace this once
    figures are kept per union (issue 4).
    """
    children = visible_to(Union, user).filter(parent=union).select_related("area")
    return [(child, subtree_totals(child)) for child in children.order_by("kind", "name")]
