"""Where a node's targets come from: the nearest plan on the way up the tree that sets one.

The same rule as `figures.Targets`, with the plan kept, so a page can say "target 85% (from
徐州市总工会 2026 plan)".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.scope import visible_to
from gonghui.kpi.models import Plan, Target
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class Origin:
    plan: Plan
    value: float

    @property
    def label(self) -> str:
        return plan_label(self.plan)


def plan_label(plan: Plan) -> str:
    """How a page names a plan: "徐州市总工会 2026 plan"."""
    return _("%(union)s %(year)s plan") % {"union": plan.org, "year": plan.year}


def target_origins(
    *, user: Any, node: Union, year: int, include_own: bool = True
) -> dict[str, Origin]:
    """Each metric with a target for `node` in `year` → the plan it comes from.

    Without `include_own`, the node's own plan is left out: what it would inherit.
    """
    paths = ancestor_paths(node.path)
    if not include_own:
        paths.remove(node.path)
    plans = visible_to(Plan, user).filter(year=year, org__path__in=paths)
    targets = Target.objects.filter(plan__in=plans).select_related("plan__org")
    origins: dict[str, Origin] = {}
    # Shallowest first, so a deeper plan's target replaces the one above it.
    for target in sorted(targets, key=lambda target: len(target.plan.org.path)):
        origins[target.metric] = Origin(target.plan, float(target.value))
    return origins


def ancestor_paths(path: str) -> list[str]:
    """The node and every node above it: "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    return [path[: index + 1] for index, char in enumerate(path) if char == "/" and index]
