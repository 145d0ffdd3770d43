"""Who gets in: a live token or a session; an expired, revoked or made-up token is a 401."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.api.models import ApiToken
from gonghui.api.services import token_create, token_revoke
from gonghui.api.tests.conftest import bearer
from gonghui.conftest import World

pytestmark = pytest.mark.django_db


def _issued(world: World, **changes: object) -> str:
    issued = token_create(actor=None, union=world.a.federation, name="市人社局", access="read")
    ApiToken.objects.filter(pk=issued.token.pk).update(**changes)
    return issued.secret


def test_a_live_token_reads_and_its_use_is_noted(world: World) -> None:
    secret = _issued(world)
    assert bearer(secret).get("/api/v1/members/").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_an_expired_token_is_refused_with_the_day_it_expired(world: World) -> None:
    secret = _issued(world, expires_at=timezone.now() - dt.timedelta(days=1))
    response = bearer(secret, **{"Accept-Language": "en"}).get("/api/v1/members/")
    assert response.status_code == 401
    assert "expired on" in response.json()["detail"]


def test_a_revoked_token_is_refused(world: World) -> None:
    secret = _issued(world)
    token_revoke(actor=None, token=ApiToken.objects.get())
    response = bearer(secret, **{"Accept-Language": "en"}).get("/api/v1/members/")
    assert response.status_code == 401
    assert "revoked on" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer gh_made-up", "Bearer", "Bearer two words"])
def test_a_made_up_or_malformed_token_is_a_401_naming_the_bearer_scheme(
    world: World, header: str
) -> None:
    response = Client(headers={"Authorization": header}).get("/api/v1/employers/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert world.a.employer.name not in response.content.decode()


def test_no_credentials_is_a_json_401_not_the_sign_in_page(world: World) -> None:
    response = Client().get("/api/v1/orgs/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_the_stored_token_holds_a_hash_and_a_prefix_never_the_secret(world: World) -> None:
    secret = _issued(world)
    token = ApiToken.objects.get()
    assert secret not in {token.secret_hash, token.prefix}
    assert secret.startswith(token.prefix) and len(token.prefix) < 12


def test_a_signed_in_user_reads_through_the_session(world: World) -> None:
    client = Client()
    client.force_login(world.user("district"))
    assert client.get("/api/v1/members/").json()["results"][0]["name"] == "张三"


def test_a_session_write_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("district"))
    response = client.post("/api/v1/employers/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_viewer_reads_but_may_not_write(world: World) -> None:
    client = Client()
    client.force_login(world.user("viewer"))
    assert client.get("/api/v1/employers/").status_code == 200
    assert client.post("/api/v1/employers/", {}, content_type="application/json").status_code == 403


def test_a_token_does_not_open_the_pages_of_the_site(
    world: World, token_client: Callable[..., Client]
) -> None:
    client = token_client(world.a.federation, access="read_write")
    response = client.get("/api/v1/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
