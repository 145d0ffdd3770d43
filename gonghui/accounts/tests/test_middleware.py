"""Idle timeout, the absolute session lifetime from sign-in, and the sign-in rate (429)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from gonghui.accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from gonghui.accounts.models import RequestRate, Role, User
from gonghui.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """The messages are read in English here (their Chinese is the catalogue's business)."""
    settings.LANGUAGE_CODE = "en"


IDLE = "minutes without activity"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def move_back(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def test_activity_within_the_idle_time_keeps_the_session(world: World) -> None:
    client = signed_in(world.user("district"))
    move_back(client, LAST_SEEN, 29 * 60)
    assert client.get("/members/").status_code == 200
    assert client.get("/members/").status_code == 200
    assert timezone.now().timestamp() - client.session[LAST_SEEN] < 60


def test_an_idle_session_is_signed_out_with_a_message(world: World) -> None:
    client = signed_in(world.user("district"))
    move_back(client, LAST_SEEN, 31 * 60)
    response = client.get("/members/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/members/", 302)]
    assert IDLE in response.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get("/members/").status_code == 302


def test_the_idle_time_is_a_setting(world: World, settings: object) -> None:
    settings.GONGHUI_IDLE_MINUTES = 5  # type: ignore[attr-defined]
    client = signed_in(world.user("district"))
    move_back(client, LAST_SEEN, 6 * 60)
    assert client.get("/members/").status_code == 302


def test_an_idle_worker_is_sent_to_the_portal_sign_in(world: World) -> None:
    worker = User.objects.create_user(username="w1", password=PASSWORD, role=Role.WORKER)
    client = signed_in(worker)
    move_back(client, LAST_SEEN, 31 * 60)
    response = client.get("/portal/my/")
    assert response["Location"] == "/portal/signin/?next=/portal/my/"


def test_the_session_ends_at_its_lifetime_from_sign_in_despite_activity(world: World) -> None:
    client = signed_in(world.user("district"))
    signed_in_at = client.session[SIGNED_IN_AT]
    assert client.get("/members/").status_code == 200
    assert client.session[SIGNED_IN_AT] == signed_in_at  # activity does not renew it
    move_back(client, SIGNED_IN_AT, settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/members/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/members/", 302)]
    assert "Your session has ended" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_new_sign_in_starts_a_new_lifetime(world: World) -> None:
    client = Client()
    client.post("/accounts/login/", {"username": "district", "password": PASSWORD})
    assert timezone.now().timestamp() - client.session[SIGNED_IN_AT] < 60


def post_sign_in(client: Client, path: str = "/accounts/login/", **extra: str) -> int:
    response = client.post(path, {"username": "district", "password": "Wrong-pass-1"}, **extra)
    return response.status_code


def test_too_many_sign_in_posts_from_one_address_get_429(world: World, settings: object) -> None:
    settings.GONGHUI_LOGIN_RATE = 3  # type: ignore[attr-defined]
    client = Client()
    assert [
        post_sign_in(client),
        post_sign_in(client, "/portal/signin/"),
        post_sign_in(client),
    ] == [200] * 3
    response = client.post("/portal/signin/", {"username": "13900001111", "password": "x"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Too many sign-in attempts" in response.content.decode()
    assert client.get("/accounts/login/").status_code == 200  # only posts count
    assert post_sign_in(Client(), REMOTE_ADDR="10.0.0.9") == 200  # another address


def test_the_rate_counts_again_after_the_minute(world: World, settings: object) -> None:
    settings.GONGHUI_LOGIN_RATE = 1  # type: ignore[attr-defined]
    client = Client()
    assert [post_sign_in(client), post_sign_in(client)] == [200, 429]
    RequestRate.objects.update(window_started_at=timezone.now() - dt.timedelta(seconds=61))
    assert post_sign_in(client) == 200
