"""Erasing a person (删除权): name, ID number and mobile leave every record; the figures stay."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.conftest import World
from gonghui.core import chain, crypto
from gonghui.core.models import AuditEntry
from gonghui.hardship.models import Household, HouseholdPerson, Status
from gonghui.hardship.tiers import Cause, Tier
from gonghui.kpi.store import count_all
from gonghui.members.models import Member
from gonghui.members.services import member_create
from gonghui.portal.models import WorkerProfile
from gonghui.relocation.models import RelocatedWorker
from gonghui.relocation.tests.conftest import register_worker

NAME, MOBILE = "张三", "13812345678"  # district A's member in the test city


def _eraser(world: World, username: str = "district") -> User:
    user = world.user(username)
    user.user_permissions.add(Permission.objects.get(codename="erase_person"))
    return User.objects.get(pk=user.pk)  # a fresh permission cache


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _traces_elsewhere(world: World, id_number: str) -> None:
    """The same person in the hardship files, the relocation register and the portal."""
    Household.objects.create(
        number="KN1", union=world.a.grassroots, applicant_name=NAME,
        applicant_id_cipher=crypto.encrypt(id_number),
        applicant_id_blind=crypto.blind_index(id_number),
        applicant_mobile_cipher=crypto.encrypt(MOBILE), income=10_000, expenses=0,
        cause=Cause.ILLNESS, status=Status.ACTIVE, tier=Tier.DEEP, minimum_living=870,
        accident_share="0.8", activated_on=timezone.localdate(),
    )  # fmt: skip
    HouseholdPerson.objects.create(
        household=Household.objects.get(number="KN1"), id_blind=crypto.blind_index(id_number)
    )
    register_worker(world, name=NAME, id_number=id_number, mobile=MOBILE)
    worker = User.objects.create(username="w-test", role="worker", first_name=NAME)
    WorkerProfile.objects.create(
        user=worker, name=NAME, mobile_cipher=crypto.encrypt(MOBILE),
        mobile_blind=crypto.blind_index(MOBILE), id_cipher=crypto.encrypt(id_number),
        id_blind=crypto.blind_index(id_number), verified_at=timezone.now(),
    )  # fmt: skip


def _figures() -> Any:
    return count_all(timezone.localdate()), count_all(dt.date(2024, 1, 1))


@pytest.fixture
def erased(world: World) -> dict[str, Any]:
    """District A's member erased through the page, with the figures before and after."""
    member = world.a.member
    id_number = member.id_number
    _traces_elsewhere(world, id_number)
    before = _figures()
    response = _client(_eraser(world)).post(f"/members/{member.pk}/erase/")
    assert response.status_code == 302
    return {"member": member, "id_number": id_number, "before": before, "after": _figures()}


def test_the_figures_are_the_same_after_erasing(erased: dict[str, Any]) -> None:
    assert erased["after"] == erased["before"]
    member = Member.objects.get(pk=erased["member"].pk)
    assert (member.status, member.union_id, member.joined_on) == (
        erased["member"].status, erased["member"].union_id, erased["member"].joined_on,
    )  # fmt: skip


def test_the_name_id_number_and_mobile_are_gone_from_every_record(
    world: World, erased: dict[str, Any]
) -> None:
    member = Member.objects.get(pk=erased["member"].pk)
    assert member.name == AuditEntry.objects.get(action="person.erase").detail["placeholder"]
    assert NAME not in member.name
    assert (member.id_number, member.mobile, member.mobile_last4) == ("", "", "")
    household = Household.objects.get(number="KN1")
    assert household.applicant_name == member.name
    assert not household.applicant_id_cipher
    blind = crypto.blind_index(erased["id_number"])
    assert not HouseholdPerson.objects.filter(id_blind=blind).exists()
    assert not RelocatedWorker.objects.filter(id_blind=blind).exists()
    assert not RelocatedWorker.objects.filter(name=NAME).exists()
    profile = WorkerProfile.objects.get(user__username__startswith="erased-")
    assert (profile.name, profile.id_blind, bytes(profile.mobile_cipher)) == (member.name, "", b"")
    assert not profile.user.is_active and not profile.user.has_usable_password()


def test_the_pages_search_and_export_no_longer_find_the_person(
    world: World, erased: dict[str, Any]
) -> None:
    client = _client(world.user("district"))
    link = f'href="/members/{erased["member"].pk}/"'
    for query in (erased["id_number"], MOBILE, NAME, "zs"):
        assert link not in client.get("/members/", {"q": query}).content.decode(), query
    detail = client.get(f"/members/{erased['member'].pk}/").content.decode()
    export = b"".join(client.get("/members/export/?format=csv").streaming_content).decode()
    for text in (detail, export):
        assert NAME not in text
        assert crypto.mask_id_number(erased["id_number"]) not in text
        assert crypto.mask_mobile(MOBILE) not in text


def test_the_other_domains_pages_show_the_erased_records_without_the_person(
    world: World, erased: dict[str, Any]
) -> None:
    client = _client(world.user("district"))
    household = Household.objects.get(number="KN1")
    worker = RelocatedWorker.objects.get(union__path__startswith=world.a.federation.path)
    for url in (
        f"/hardship/{household.pk}/",
        "/hardship/",
        f"/relocation/{worker.pk}/",
        "/relocation/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NAME not in response.content.decode(), url


def test_the_id_number_can_join_again_as_a_new_person(world: World, erased: dict[str, Any]) -> None:
    again = member_create(
        actor=world.user("district"), name=NAME, id_number=erased["id_number"], mobile=MOBILE,
        employer=world.a.employer, joined_on=timezone.localdate(),
    )  # fmt: skip
    assert again.pk != erased["member"].pk


def test_the_erasure_is_audited_without_the_personal_data(
    world: World, erased: dict[str, Any]
) -> None:
    entry = AuditEntry.objects.get(action="person.erase")
    assert entry.actor_id == world.user("district").pk
    assert entry.object_id == str(erased["member"].pk)
    recorded = str(entry.detail)
    assert NAME not in recorded and erased["id_number"] not in recorded and MOBILE not in recorded
    assert entry.detail["rows"]["members"] == 1
    assert entry.detail["earlier_entries"] == 1  # member.create, which named the person
    chain.seal()
    assert chain.verify(unsealed_after=dt.timedelta(minutes=5)) == []


def test_a_person_outside_the_subtree_cannot_be_erased(world: World) -> None:
    member_b = world.b.member
    response = _client(_eraser(world)).post(f"/members/{member_b.pk}/erase/")
    assert response.status_code == 404
    assert Member.objects.get(pk=member_b.pk).name == member_b.name
    assert not AuditEntry.objects.filter(action="person.erase").exists()


def test_a_cadre_without_the_permission_cannot_erase(world: World) -> None:
    member = world.a.member
    client = _client(world.user("district"))
    assert client.get(f"/members/{member.pk}/").content.count(b"/erase/") == 0
    assert client.post(f"/members/{member.pk}/erase/").status_code == 403
    assert Member.objects.get(pk=member.pk).name == NAME


def test_the_page_asks_for_a_confirmation_first(world: World) -> None:
    member = world.a.member
    client = _client(_eraser(world))
    assert f"/members/{member.pk}/erase/".encode() in client.get(f"/members/{member.pk}/").content
    assert client.get(f"/members/{member.pk}/erase/").status_code == 200
    assert Member.objects.get(pk=member.pk).name == NAME


def test_the_officer_erases_by_id_number_from_the_command_line(world: World) -> None:
    id_number = world.b.member.id_number
    before = _figures()
    out = StringIO()
    call_command("person", "erase", "--id-number", id_number, stdout=out)
    assert "members\t1" in out.getvalue()
    assert Member.objects.get(pk=world.b.member.pk).id_number == ""
    assert _figures() == before
