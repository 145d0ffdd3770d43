"""A member worker shows a card whose QR code a cadre checks: in scope with the name, outside
it without; a bad, old or left member's card is refused."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from gonghui.conftest import World
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member, Status
from gonghui.members.services import member_create
from gonghui.portal.cards import CARD_TTL, card_qr_svg, card_token
from gonghui.portal.tests.conftest import WORKER_ID

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member(world: World, worker: Any) -> Member:
    """The worker, registered as a member of grassroots union A."""
    return member_create(actor=world.user("grassroots"), name="王五", id_number=WORKER_ID,
                         mobile="13900001111", employer=world.a.employer,
                         joined_on=dt.date(2024, 5, 1))  # fmt: skip


def verify(world: World, username: str, token: str) -> Any:
    return signed_in(world.user(username)).get("/portal/verify/", {"t": token})


def verdict(response: Any) -> str:
    return re.search(r'data-verdict="(\w+)"', response.content.decode()).group(1)


def test_a_member_sees_the_card_with_a_qr_code_and_the_masked_id(
    worker: Any, member: Member
) -> None:
    response = signed_in(worker).get("/portal/card/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and 'class="card-qr"' in body
    assert member.masked_id_number in body and WORKER_ID not in body
    assert member.union.name in body and "2024-05-01" in body


def test_the_qr_code_holds_a_link_that_a_cadre_can_verify(
    world: World, worker: Any, member: Member
) -> None:
    with mock.patch("gonghui.portal.cards.card_qr_svg", wraps=card_qr_svg) as drawn:
        signed_in(worker).get("/portal/card/")
    url = drawn.call_args.args[0]
    assert url.startswith("http://testserver/portal/verify/?t=")
    token = parse_qs(urlsplit(url).query)["t"][0]
    assert verdict(verify(world, "grassroots", token)) == "valid"


def test_a_reload_gives_a_fresh_token(worker: Any, member: Member) -> None:
    client = signed_in(worker)
    first = client.get("/portal/card/").context["qr"]
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 2):
        second = client.get("/portal/card/").context["qr"]
    assert first != second


def test_a_worker_who_is_no_member_is_pointed_to_the_application(worker: Any) -> None:
    response = signed_in(worker).get("/portal/card/")
    assert 'data-testid="no-card"' in response.content.decode()
    assert "/portal/apply/" in response.content.decode()
    assert "qr" not in response.context


def test_a_cadre_of_the_members_subtree_sees_the_name(world: World, member: Member) -> None:
    response = verify(world, "district", card_token(member))
    assert verdict(response) == "valid"
    assert "王五" in response.content.decode()
    assert member.masked_id_number in response.content.decode()


def test_a_cadre_of_another_subtree_sees_no_name(world: World, member: Member) -> None:
    response = verify(world, "district_b", card_token(member))
    assert verdict(response) == "valid_elsewhere"
    assert "王五" not in response.content.decode()
    assert member.union.name not in response.content.decode()


def test_it_refuses_a_tampered_token(world: World, member: Member) -> None:
    token = card_token(member)
    forged = card_token(world.b.member).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), forged, "", "junk"):
        response = verify(world, "city", bad)
        assert response.status_code == 200 and verdict(response) == "refused"
        assert "王五" not in response.content.decode()


def test_it_refuses_an_expired_token(world: World, member: Member) -> None:
    then = time.time() - CARD_TTL.total_seconds() - 1
    with mock.patch("django.core.signing.time.time", return_value=then):
        token = card_token(member)
    response = verify(world, "district", token)
    assert verdict(response) == "refused" and "王五" not in response.content.decode()


def test_the_card_of_a_member_who_left_is_no_longer_valid(world: World, member: Member) -> None:
    token = card_token(member)
    Member.objects.filter(pk=member.pk).update(status=Status.LEFT)
    assert verdict(verify(world, "district", token)) == "no_longer_valid"
    assert 'data-testid="no-card"' in signed_in(world.user("worker")).get(
        "/portal/card/").content.decode()  # fmt: skip


def test_each_check_is_audited(world: World, member: Member) -> None:
    verify(world, "district", card_token(member))
    verify(world, "district_b", card_token(member))
    verify(world, "district", "junk")
    entries = AuditEntry.objects.filter(action="member.card_verify").order_by("id")
    assert [(e.actor_id, e.detail["member_id"], e.result) for e in entries] == [
        (world.user("district").pk, member.pk, "valid"),
        (world.user("district_b").pk, member.pk, "valid_elsewhere"),
        (world.user("district").pk, None, "refused"),
    ]


def test_a_worker_may_not_check_cards(worker: Any, member: Member) -> None:
    assert signed_in(worker).get("/portal/verify/", {"t": card_token(member)}).status_code == 403


def test_a_cadre_has_no_card_page(world: World) -> None:
    assert signed_in(world.user("district")).get("/portal/card/").status_code == 403
