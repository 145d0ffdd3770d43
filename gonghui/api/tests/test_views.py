"""The token page (issue once, list the subtree, revoke) and the API docs page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gonghui.api.models import ApiToken
from gonghui.api.services import token_create
from gonghui.api.tests.conftest import bearer
from gonghui.conftest import World
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_the_token_page_lists_only_the_cadres_subtree(world: World) -> None:
    token_create(actor=None, union=world.a.federation, name="鼓楼区人社局", access="read")
    token_create(actor=None, union=world.a.grassroots, name="机械厂审计处", access="read")
    token_create(actor=None, union=world.b.federation, name="云龙区人社局", access="read")
    district = signed_in(world, "district").get("/api/v1/tokens/").content.decode()
    assert "鼓楼区人社局" in district and "机械厂审计处" in district
    assert "云龙区人社局" not in district
    grassroots = signed_in(world, "grassroots").get("/api/v1/tokens/").content.decode()
    assert "机械厂审计处" in grassroots and "鼓楼区人社局" not in grassroots


def test_a_cadre_issues_a_token_whose_secret_is_shown_once_and_works(world: World) -> None:
    client = signed_in(world, "district")
    response = client.post(
        "/api/v1/tokens/",
        {"name": "市人社局", "union": world.a.street.pk, "access": "read", "days": "30"},
    )
    assert response["Cache-Control"] == "no-store"
    secret = re.search(r'data-testid="secret">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert (token.union, token.created_by) == (world.a.street, world.user("district"))
    assert AuditEntry.objects.filter(action="api_token.create", object_id=token.pk).exists()
    assert secret not in client.get("/api/v1/tokens/").content.decode()
    assert bearer(secret).get("/api/v1/members/").json()["results"][0]["name"] == "张三"


def test_a_cadre_cannot_bind_a_token_outside_the_subtree(world: World) -> None:
    client = signed_in(world, "district")
    client.post(
        "/api/v1/tokens/", {"name": "x", "union": world.b.federation.pk, "access": "read",
                            "days": "30"},
    )  # fmt: skip
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_at_once(world: World) -> None:
    issued = token_create(actor=None, union=world.a.federation, name="市人社局", access="read")
    client = signed_in(world, "district")
    response = client.post(f"/api/v1/tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 302
    assert bearer(issued.secret).get("/api/v1/orgs/").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_a_token_of_the_sibling_district_cannot_be_revoked(world: World) -> None:
    issued = token_create(actor=None, union=world.b.federation, name="云龙区人社局", access="read")
    response = signed_in(world, "district").post(f"/api/v1/tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_viewers_do_not_manage_tokens(world: World) -> None:
    assert signed_in(world, "viewer").get("/api/v1/tokens/").status_code == 403


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(world: World) -> None:
    page = signed_in(world, "district").get("/api/v1/docs/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert "/static/vendor/swagger-ui-bundle.js" in sources
    assert "/static/vendor/swagger-ui.css" in sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert "<script>" not in page  # no inline script: docs.js boots Swagger UI
