"""Start-up check: every denominator a deployment chose (GONGHUI_KPI_DENOMINATORS) exists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from gonghui.kpi import registry


@checks.register()
def chosen_denominators(**kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for key, chosen in settings.GONGHUI_KPI_DENOMINATORS.items():
        metric = registry.METRICS.get(key)
        if metric is None or chosen not in metric.alternatives:
            offered = ", ".join(metric.alternatives) if metric else ""
            problems.append(
                checks.Error(
                    f"GONGHUI_KPI_DENOMINATORS: {key}={chosen} names no metric or no "
                    f"denominator of it (offered: {offered or 'none'}).",
                    id="kpi.E001",
                )
            )
    return problems
