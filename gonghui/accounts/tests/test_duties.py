"""三权分立 at the door: each administrator opens only their own pages; every other page of
the platform, for every URL pattern, is a 403 (not an empty list)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gonghui.accounts.duties import allowed
from gonghui.accounts.models import ADMIN_ROLES, Role, User
from gonghui.conftest import World
from gonghui.core.tests.test_scope_walk import VALUES, routes

pytestmark = pytest.mark.django_db


def _url(route: str) -> str:
    """The pattern with any id (the refusal comes before any object is looked up)."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda found: str(VALUES.get(found.group(1), 1)),
                        route)  # fmt: skip


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_an_administrator_gets_403_from_every_page_that_is_not_theirs(role: str) -> None:
    user = User.objects.create_user(username=f"x{role}", password="x", role=role,
                                    is_staff=role == Role.SYSTEM_ADMIN)  # fmt: skip
    client = Client(raise_request_exception=False)
    client.force_login(user)
    refused, opened = [], []
    for route in routes():
        namespace, _colon, _name = route.name.rpartition(":")
        if allowed(role, route.name, namespace):
            opened.append(route.name)
            continue
        status = client.get(_url(route.route)).status_code
        if status != 403:
            refused.append(f"{route.name} → {status}")
    assert refused == []
    assert "overview:home" in opened
    own_page = {Role.SYSTEM_ADMIN: "/admin/", Role.AUDITOR: "/audit/"}.get(role)
    assert own_page is None or client.get(own_page).status_code in {200, 302}


def test_a_cadre_is_not_concerned() -> None:
    assert not allowed(Role.SYSTEM_ADMIN, "members:list", "members")
    assert allowed(Role.AUDITOR, "audit:list", "audit")
    assert not allowed(Role.SECURITY_ADMIN, "audit:list", "audit")


@pytest.mark.django_db
def test_a_worker_reaches_the_portal_and_no_cadre_page(world: World) -> None:
    worker = User.objects.create_user(username="w1", password="x", role=Role.WORKER)
    client = Client()
    client.force_login(worker)
    assert client.get("/portal/").status_code in (200, 302)
    for url in ("/members/", "/members/export/?format=csv", "/kpi/", "/"):
        response = client.get(url)
        assert response.status_code == 403, url
    assert "/portal/" in response.content.decode()
