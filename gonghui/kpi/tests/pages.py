"""Helpers of the KPI page tests: a signed-in client, the year's plan, the figures a page shows."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.utils import timezone

from gonghui.conftest import World
from gonghui.kpi import services
from gonghui.kpi.models import Plan


def client_of(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def city_plan(world: World) -> Plan:
    """The city's plan of this year, with the article's targets (建会率 85% …)."""
    return services.plan_load(actor=None, org=world.city, year=timezone.localdate().year)


TILE = re.compile(
    r'<article class="card kpi-tile status-(\w+)" data-metric="(\w+)">(.*?)</article>', re.S
)


def tiles(html: str) -> dict[str, dict[str, Any]]:
    """Each metric's tile on a dashboard: status, value, numerator, denominator, target text."""
    found = {}
    for status, key, body in TILE.findall(html):
        found[key] = {
            "status": status,
            "value": _part(body, "value"),
            "numerator": _number(_part(body, "numerator")),
            "denominator": _number(_part(body, "denominator")),
            "target": _part(body, "target"),
        }
    return found


def _part(body: str, name: str) -> str | None:
    match = re.search(rf'data-testid="{name}">([^<]*)<', body)
    return match.group(1).strip() if match else None


def _number(text: str | None) -> int | None:
    return None if text is None else int(text.replace(",", ""))
