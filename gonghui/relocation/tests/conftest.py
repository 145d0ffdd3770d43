"""Relocated workers of the test city: one in district A, registered by its district cadre."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gonghui.conftest import World, resident_id
from gonghui.relocation.models import Industry, RelocatedWorker
from gonghui.relocation.services import worker_create

WANG = resident_id("320302", "19750808", 31)


def register_worker(world: World, *, user: str = "district", **fields: Any) -> RelocatedWorker:
    """A coal worker of district A's machine works (covered by A's grassroots union)."""
    values: dict[str, Any] = {
        "name": "王矿工",
        "id_number": WANG,
        "mobile": "13700001111",
        "industry": Industry.COAL,
        "employer": world.a.employer,
        "relocated_on": dt.date(2017, 6, 30),
    }
    return worker_create(actor=world.user(user), **(values | fields))


@pytest.fixture
def relocated(world: World) -> RelocatedWorker:
    return register_worker(world)
