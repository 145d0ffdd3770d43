"""Member search: by name, pinyin initials, exact ID, mobile — always inside the scope."""

from __future__ import annotations

import pytest

from gonghui.conftest import World, resident_id
from gonghui.members.selectors import member_search

pytestmark = pytest.mark.django_db


def names(world: World, user: str, query: str) -> list[str]:
    return [m.name for m in member_search(user=world.user(user), query=query)]


@pytest.mark.parametrize(
    "query", ["张", "张三", "zs", "ZS", "z", resident_id("320302", "19900101", 11), "5678"]
)
def test_it_finds_a_member_by_what_a_cadre_types(world: World, query: str) -> None:
    assert names(world, "district", query) == ["张三"]


def test_it_finds_by_the_full_mobile_in_any_format(world: World) -> None:
    assert names(world, "district", "13812345678") == ["张三"]


def test_an_id_number_with_lowercase_or_full_width_characters_still_matches(world: World) -> None:
    number = resident_id("320302", "19900101", 11)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert names(world, "district", full_width) == ["张三"]


def test_it_never_finds_a_member_of_a_sibling_subtree(world: World) -> None:
    number = resident_id("320303", "19850505", 22)
    for query in ["泄露", number, "4321", "xl"]:
        assert names(world, "district", query) == []
    assert names(world, "district_b", number) == ["泄露李四"]


def test_the_city_finds_members_of_every_district(world: World) -> None:
    assert sorted(names(world, "city", "")) == sorted(["张三", "泄露李四"])


def test_an_administrator_finds_nobody(world: World) -> None:
    assert names(world, "sysadmin", "") == []
