"""Where a node's targets come from: the nearest plan on the way up the tree that sets one.

`figures.Targets` finds it; this names the plan, so a page can say "target 85% (from
徐州市总工会 2026 plan)".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.scope import visible_to
from gonghui.kpi import registry
from gonghui.kpi.figures import Targets
from gonghui.kpi.models import Plan
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
    """Each metric with a target for `node` in `year` → the plan it comes from (the rule of
    `figures.Targets`). Without `include_own`, the node's own plan is left out: what it would
    inherit."""
    targets = Targets(year)
    found = {
        metric.key: source
        for metric in registry.metrics()
        if (source := targets.source(node.path, metric.key, above=not include_own))
    }
    plans = (
        visible_to(Plan, user).select_related("org").in_bulk({plan for _v, plan in found.values()})
    )
    return {
        key: Origin(plans[plan_id], value)
        for key, (value, plan_id) in found.items()
        if plan_id in plans
    }
