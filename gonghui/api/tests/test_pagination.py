"""Keyset pages: a walk by `next` visits every row once, and no page counts the list."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import World, resident_id
from gonghui.members.services import member_create

pytestmark = pytest.mark.django_db


def _join_many(world: World, count: int) -> None:
    for sequence in range(count):
        member_create(
            actor=world.user("grassroots"),
            name=f"会员{sequence}",
            id_number=resident_id("320302", "19800101", 100 + sequence),
            mobile=f"139{sequence:08d}",
            employer=world.a.employer,
            joined_on=dt.date(2020, 1, 1),
        )


def test_following_next_walks_every_member_once_without_counting(
    world: World, token_client: Callable[..., Client]
) -> None:
    _join_many(world, 24)
    client = token_client(world.a.federation)
    seen: list[int] = []
    url: str | None = "/api/v1/members/?limit=7"
    with CaptureQueriesContext(connection) as queries:
        while url:
            page = client.get(url).json()
            assert len(page["results"]) <= 7
            seen += [row["id"] for row in page["results"]]
            url = page["next"]
    assert len(seen) == len(set(seen)) == 25
    assert seen == sorted(seen)
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_page_holds_100_rows_unless_asked(
    world: World, token_client: Callable[..., Client]
) -> None:
    _join_many(world, 101)
    client = token_client(world.a.federation)
    assert len(client.get("/api/v1/members/").json()["results"]) == 100
    assert len(client.get("/api/v1/members/?limit=1000").json()["results"]) == 102


# "p=x" and "p=1 OR 1": a cursor's position that is not an id (it went to the query: a 500).
@pytest.mark.parametrize(
    "cursor", ["not-a-cursor", base64.b64encode(b"p=x").decode(), "cD0xIE9SIDE="]
)
def test_a_forged_cursor_is_a_bad_parameter(
    world: World, token_client: Callable[..., Client], cursor: str
) -> None:
    response = token_client(world.a.federation).get("/api/v1/members/", {"cursor": cursor})
    assert response.status_code == 400 and set(response.json()) == {"cursor"}


@pytest.mark.parametrize("limit", ["0", "1001", "ten", "²", "-1"])
def test_a_limit_out_of_range_is_a_bad_parameter(
    world: World, token_client: Callable[..., Client], limit: str
) -> None:
    response = token_client(world.a.federation).get("/api/v1/members/", {"limit": limit})
    assert response.status_code == 400 and set(response.json()) == {"limit"}


def test_an_empty_limit_is_the_default(world: World, token_client: Callable[..., Client]) -> None:
    response = token_client(world.a.federation).get("/api/v1/members/?limit=")
    assert response.status_code == 200
