"""The audit lists: unchanged for a year, never helped, relocated; scoped and searched."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.conftest import World, resident_id
from gonghui.hardship.aid import assistance_record
from gonghui.hardship.models import Household, Kind
from gonghui.hardship.selectors import View, household_list
from gonghui.hardship.tests.conftest import CHILD_ID, approve, register

pytestmark = pytest.mark.django_db


def listed(world: World, user: str = "district", **kwargs: object) -> list[Household]:
    return list(household_list(user=world.user(user), **kwargs))


@pytest.fixture
def two_active(world: World) -> tuple[Household, Household]:
    first = approve(world, register(world))
    second = approve(world, register(world, name="孙八", members=(), relocated=True,
                                     id_number=resident_id("320302", "19700101", 99)))  # fmt: skip
    return first, second


def test_unchanged_for_a_year_lists_active_files_nobody_touched(
    world: World, two_active: tuple[Household, Household]
) -> None:
    first, second = two_active
    long_ago = timezone.now() - dt.timedelta(days=400)
    Household.objects.filter(pk=first.pk).update(updated_at=long_ago)
    Household.objects.filter(pk=second.pk).update(
        updated_at=long_ago, reverified_on=timezone.localdate() - dt.timedelta(days=100)
    )
    assert listed(world, view=View.STALE) == [first]


def test_never_helped_lists_active_files_without_assistance(
    world: World, two_active: tuple[Household, Household]
) -> None:
    first, second = two_active
    assistance_record(
        actor=world.user("grassroots"), household=first, kind=Kind.FESTIVE, amount=500,
        paid_on=timezone.localdate(), paid_by=world.a.grassroots,
    )  # fmt: skip
    assert listed(world, view=View.NEVER_HELPED) == [second]


def test_relocated_lists_open_files_with_the_flag(
    world: World, two_active: tuple[Household, Household]
) -> None:
    assert listed(world, view=View.RELOCATED) == [two_active[1]]
    assert listed(world, relocated=False) == [two_active[0]]


def test_any_persons_id_number_finds_the_file(
    world: World, two_active: tuple[Household, Household]
) -> None:
    assert listed(world, query=CHILD_ID) == [two_active[0]]
    assert listed(world, query="孙") == [two_active[1]]


def test_another_subtree_sees_none_of_them(
    world: World, two_active: tuple[Household, Household]
) -> None:
    assert listed(world, user="district_b") == []
    assert listed(world, user="city") == [two_active[1], two_active[0]]
