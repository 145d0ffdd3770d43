"""transfer_worker_coverage: relocated workers served by a day, of those on the register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.conftest import World, resident_id
from gonghui.kpi.selectors import subtree_rows
from gonghui.relocation.models import RelocatedWorker, ServiceKind, Status
from gonghui.relocation.services import service_add
from gonghui.relocation.tests.conftest import register_worker

pytestmark = pytest.mark.django_db
METRIC = "transfer_worker_coverage"


def coverage(world: World, day: dt.date | None = None) -> dict[str, tuple]:
    """Numerator, denominator and value by union name."""
    _as_of, rows = subtree_rows(world.city, day)
    return {
        row.name: (row.figure.numerator, row.figure.denominator, row.figure.value)
        for row in rows
        if row.figure.metric.key == METRIC
    }


@pytest.fixture
def register(world: World) -> list[RelocatedWorker]:
    """Three workers in A (one served in 2024, one re-employed in 2025, one not yet served),
    one in B who left the register; all registered at the start of 2024."""
    served = register_worker(world)
    reemployed = register_worker(world, id_number=resident_id("320302", "19760101", 61),
                                 employer=None, employer_name="某矿",
                                 area=world.a.area)  # fmt: skip
    waiting = register_worker(world, id_number=resident_id("320302", "19770101", 63))
    left = register_worker(world, user="district_b", employer=world.b.employer,
                           id_number=resident_id("320303", "19780101", 65))  # fmt: skip
    RelocatedWorker.objects.update(registered_on=dt.date(2024, 1, 1))
    cadre = world.user("district")
    service_add(actor=cadre, worker=served, kind=ServiceKind.SKILLS, served_on=dt.date(2024, 6, 1))
    service_add(actor=cadre, worker=reemployed, kind=ServiceKind.REEMPLOYED,
                served_on=dt.date(2025, 2, 1))  # fmt: skip
    RelocatedWorker.objects.filter(pk=left.pk).update(
        status=Status.LEFT, left_on=dt.date(2025, 1, 1)
    )
    return [served, reemployed, waiting, left]


def test_today_two_of_three_workers_on_the_register_were_served(
    world: World, register: list
) -> None:
    figures = coverage(world)
    assert figures[world.city.name] == (2, 3, 66.7)
    assert figures[world.a.federation.name] == (2, 3, 66.7)
    assert figures[world.a.grassroots.name] == (1, 2, 50.0)
    assert figures[world.b.federation.name][:2] == (0, 0)


def test_a_past_day_counts_the_register_and_the_services_of_that_day(
    world: World, register: list
) -> None:
    assert coverage(world, dt.date(2024, 12, 31))[world.city.name] == (1, 4, 25.0)
    assert coverage(world, dt.date(2023, 12, 31))[world.city.name][:2] == (0, 0)


def test_a_service_recorded_today_moves_the_kept_figure(world: World, register: list) -> None:
    coverage(world)  # today's figures counted and kept
    service_add(actor=world.user("grassroots"), worker=register[2], kind=ServiceKind.REFERRAL,
                served_on=timezone.localdate())  # fmt: skip
    assert coverage(world)[world.city.name] == (3, 3, 100.0)
