"""Past the configured rate a token gets 429 with Retry-After; other tokens go on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gonghui.conftest import World

pytestmark = pytest.mark.django_db


def test_a_token_past_its_rate_waits(
    world: World, token_client: Callable[..., Client], settings: Any
) -> None:
    settings.GONGHUI_API_RATE = "3/min"
    busy, other = token_client(world.a.federation), token_client(world.a.federation)
    assert [busy.get("/api/v1/orgs/").status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get("/api/v1/orgs/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert other.get("/api/v1/orgs/").status_code == 200


def test_a_signed_in_user_is_counted_apart(world: World, settings: Any) -> None:
    settings.GONGHUI_API_RATE = "2/min"
    district, street = Client(), Client()
    district.force_login(world.user("district"))
    street.force_login(world.user("street"))
    assert [district.get("/api/v1/orgs/").status_code for _ in range(3)] == [200, 200, 429]
    assert street.get("/api/v1/orgs/").status_code == 200
