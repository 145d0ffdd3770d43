"""The overview: the signed-in user's subtree at a glance, counted from the registry."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from gonghui.conftest import World
from gonghui.employers.models import Employer
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db


def overview(world: World, username: str) -> str:
    client = Client()
    client.force_login(world.user(username))
    return client.get("/").content.decode()


def cards(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="value" data-testid="(\w+)">([^<]*)</div>', html))


def counted(union: Union) -> dict[str, str]:
    """The figures of a subtree, counted straight from the tables."""
    unions = Union.objects.filter(path__startswith=union.path)
    assert union.area is not None
    employers = Employer.objects.filter(area__code__startswith=union.area.code_prefix)
    unionised = employers.filter(union__isnull=False).count() / employers.count()
    return {
        "unions": str(unions.count()),
        "employers": str(employers.count()),
        "members": str(Member.objects.filter(union__in=unions, status=Status.ACTIVE).count()),
        "unionised": f"{unionised * 100:.1f}%",
    }


def test_a_district_cadre_sees_the_figures_of_the_district(world: World) -> None:
    html = overview(world, "district")
    assert f"<h1>{world.a.federation.name}</h1>" in html
    assert cards(html) == counted(world.a.federation)
    assert cards(html) == {"unions": "3", "employers": "2", "members": "1", "unionised": "50.0%"}


def test_the_city_cadre_sees_the_figures_of_the_whole_city(world: World) -> None:
    html = overview(world, "city")
    assert cards(html) == counted(world.city)
    assert cards(html) == {"unions": "7", "employers": "4", "members": "2", "unionised": "50.0%"}


def test_the_figures_count_active_members_only(world: World) -> None:
    Member.objects.filter(pk=world.a.member.pk).update(status=Status.LEFT)
    assert cards(overview(world, "district"))["members"] == "0"
    assert cards(overview(world, "city"))["members"] == "1"


def test_a_grassroots_cadre_sees_its_own_union(world: World) -> None:
    # A grassroots union has no territory: only the employer it covers counts.
    assert cards(overview(world, "grassroots")) == {
        "unions": "1",
        "employers": "1",
        "members": "1",
        "unionised": "100.0%",
    }


def test_a_viewer_sees_the_figures_of_the_node_it_reads(world: World) -> None:
    assert cards(overview(world, "viewer")) == cards(overview(world, "district"))


def test_the_system_administrator_sees_no_union_data(world: World) -> None:
    html = overview(world, "sysadmin")
    with translation.override("zh-hans"):
        no_data = gettext("Your role administers the system and holds no union data.")
    assert no_data in html
    assert cards(html) == {}
    assert world.city.name not in html and world.a.federation.name not in html
