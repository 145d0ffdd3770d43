"""The demo's hardship files load in bulk and read like any other file."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from gonghui.conftest import World
from gonghui.hardship.demo import seed
from gonghui.hardship.models import Household, HouseholdPerson, Status
from gonghui.hardship.tests.conftest import register

pytestmark = pytest.mark.django_db


def test_seeded_files_are_active_with_their_people_indexed(world: World) -> None:
    unions = [world.a.grassroots.pk, world.b.grassroots.pk] * 5
    assert seed(unions, random.Random(7), share=1.0) == 10
    files = Household.objects.all()
    assert {household.status for household in files} == {Status.ACTIVE}
    assert all(household.tier for household in files)
    people = HouseholdPerson.objects.filter(open=True).count()
    assert people == sum(household.size for household in files)
    assert register(world).number.endswith(f"{Household.objects.order_by('-id').first().pk:06d}")
    client = Client()
    client.force_login(world.user("district"))
    seeded = files.filter(union=world.a.grassroots).first()
    assert client.get(f"/hardship/{seeded.pk}/").status_code == 200
