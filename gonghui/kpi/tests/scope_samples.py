"""A plan of district B for the scope walk (core/tests/test_scope_walk.py)."""

from __future__ import annotations

from gonghui.conftest import District, World
from gonghui.kpi.models import Plan

EXEMPT: dict[str, str] = {}


def samples(world: World, district: District) -> dict[type, object]:
    plan = Plan.objects.create(
        year=2026, org=district.federation, name=f"{district.street.name} 2026 plan"
    )
    return {Plan: plan}
