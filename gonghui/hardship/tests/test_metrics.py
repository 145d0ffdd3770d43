"""hardship_households: active files with their tiers, the aid paid and households helped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.conftest import World, resident_id
from gonghui.hardship.aid import assistance_record
from gonghui.hardship.models import Assistance, ExitReason, Household, Kind
from gonghui.hardship.services import household_exit
from gonghui.hardship.tests.conftest import approve, register
from gonghui.kpi.figures import Figure
from gonghui.kpi.selectors import subtree_rows
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db


def figure_at(world: World, node: Union, day: dt.date | None = None) -> Figure:
    _day, rows = subtree_rows(world.city, day)
    return next(
        row.figure
        for row in rows
        if row.org == node.code and row.figure.metric.key == "hardship_households"
    )


def details(figure: Figure) -> dict[str, int]:
    return {detail.metric.key: detail.numerator for detail in figure.details}


def test_it_counts_active_files_by_tier_and_the_aid_of_the_year(world: World) -> None:
    today = timezone.localdate()
    deep = approve(world, register(world))
    relative = approve(
        world,
        register(
            world,
            name="孙八",
            members=(),
            income=15_000,
            expenses=0,
            id_number=resident_id("320302", "19700101", 99),
        ),
    )
    gone = approve(
        world,
        register(
            world,
            name="周九",
            members=(),
            income=5_000,
            id_number=resident_id("320302", "19710101", 97),
        ),
    )
    grassroots = world.user("grassroots")
    for household, amount in ((deep, 2_000), (deep, 500), (gone, 800)):
        assistance_record(
            actor=grassroots,
            household=household,
            kind=Kind.LIVING,
            amount=amount,
            paid_on=today,
            paid_by=world.a.grassroots,
        )
    household_exit(actor=grassroots, household=gone, reason=ExitReason.MOVED, exited_on=today)
    Assistance.objects.create(  # last year's aid is not this year's
        household=deep,
        union=deep.union,
        paid_by=deep.union,
        kind=Kind.FESTIVE,
        amount=9_999,
        paid_on=dt.date(today.year - 1, 12, 31),
        recorded_by=grassroots,
    )

    for node in (world.a.grassroots, world.a.federation, world.city):
        figure = figure_at(world, node)
        assert figure.numerator == 2
        assert details(figure) == {
            "deep": 1,
            "relative": 1,
            "accident": 0,
            "paid": 3_300,
            "helped": 2,
        }
    assert relative.tier == "relative"
    assert figure_at(world, world.b.federation).numerator == 0


def test_a_file_counts_from_its_approval_until_its_exit(world: World) -> None:
    household = approve(world, register(world))
    today = timezone.localdate()
    Household.objects.filter(pk=household.pk).update(activated_on=today - dt.timedelta(days=30))
    household_exit(
        actor=world.user("grassroots"),
        household=Household.objects.get(),
        reason=ExitReason.RECOVERED,
        exited_on=today - dt.timedelta(days=10),
    )

    assert figure_at(world, world.a.grassroots, today - dt.timedelta(days=31)).numerator == 0
    assert figure_at(world, world.a.grassroots, today - dt.timedelta(days=20)).numerator == 1
    assert figure_at(world, world.a.grassroots, today).numerator == 0
