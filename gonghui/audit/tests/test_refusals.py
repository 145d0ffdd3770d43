"""Refused requests and sign-ins are on the trail: who, from where, what, and why refused."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.conftest import PASSWORD, World
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="access.refused").order_by("pk"))


def _signed_in(world: World, username: str) -> Client:
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(world.user(username))
    return client


def test_a_member_outside_the_subtree_is_answered_as_missing_but_recorded_as_outside(
    world: World,
) -> None:
    client = _signed_in(world, "district")
    outside = client.get(f"/members/{world.b.member.pk}/")
    missing = client.get("/members/987654321/")

    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content
    refused, absent = _refusals()
    assert (refused.actor, refused.result, refused.remote_addr) == (
        world.user("district"), "outside_scope", "10.1.2.3",
    )  # fmt: skip
    assert refused.detail["path"] == f"/members/{world.b.member.pk}/"
    assert refused.detail["objects"] == {"member_id": str(world.b.member.pk)}
    assert absent.result == "missing"


def test_an_administrator_on_a_cadre_page_is_recorded_as_forbidden(world: World) -> None:
    response = _signed_in(world, "sysadmin").get("/members/")

    assert response.status_code == 403
    [refused] = _refusals()
    assert (refused.actor, refused.result, refused.detail["status"]) == (
        world.user("sysadmin"), "forbidden", 403,
    )  # fmt: skip


def test_an_api_call_without_a_token_is_recorded(world: World) -> None:
    response = Client(REMOTE_ADDR="10.9.9.9").get("/api/v1/members/")

    assert response.status_code in (401, 403)
    [refused] = _refusals()
    assert (refused.actor, refused.remote_addr, refused.detail["path"]) == (
        None, "10.9.9.9", "/api/v1/members/",
    )  # fmt: skip


def test_pages_that_answer_record_no_refusal(world: World) -> None:
    client = _signed_in(world, "district")
    assert client.get(f"/members/{world.a.member.pk}/").status_code == 200
    assert client.get("/members/").status_code == 200
    assert _refusals() == []


def test_signing_in_and_out_is_recorded_with_the_address(world: World) -> None:
    client = Client(REMOTE_ADDR="10.4.5.6")
    response = client.post("/accounts/login/", {"username": "district", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/accounts/logout/")

    entries = AuditEntry.objects.filter(action__in=["auth.success", "auth.logout"]).order_by("pk")
    assert [(entry.action, entry.actor, entry.remote_addr) for entry in entries] == [
        ("auth.success", world.user("district"), "10.4.5.6"),
        ("auth.logout", world.user("district"), "10.4.5.6"),
    ]
