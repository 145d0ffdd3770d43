"""Members: joining, the one-membership rule, transfers, unmasking — through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.models import Member, Status, Transfer

pytestmark = pytest.mark.django_db


def join(world: World, actor: str = "grassroots", **overrides: object) -> Member:
    arguments: dict = {
        "name": "王五",
        "id_number": resident_id("320302", "19920202", 33),
        "mobile": "+86 139 0000 1111",
        "employer": world.a.employer,
        "joined_on": dt.date(2020, 1, 1),
    }
    arguments.update(overrides)
    return services.member_create(actor=world.user(actor), **arguments)


def test_a_member_joins_the_union_that_covers_the_employer(world: World) -> None:
    member = join(world)
    assert member.union == world.a.grassroots
    assert member.gender == "M" and member.birth_date == dt.date(1992, 2, 2)
    assert member.name_initials == "ww"
    assert member.mobile == "13900001111" and member.mobile_last4 == "1111"
    assert AuditEntry.objects.filter(action="member.create", object_id=str(member.pk)).exists()


def test_the_id_number_is_stored_encrypted(world: World) -> None:
    member = join(world)
    stored = Member.objects.filter(pk=member.pk).values_list("id_cipher", flat=True).get()
    assert resident_id("320302", "19920202", 33).encode() not in bytes(stored)


def test_a_second_active_membership_is_refused_and_nothing_is_written(world: World) -> None:
    join(world)
    count = Member.objects.count()
    with pytest.raises(ValidationError) as caught:
        join(world, name="王五")
    assert "id_number" in caught.value.message_dict
    assert Member.objects.count() == count


def test_the_database_itself_refuses_a_second_active_membership(world: World) -> None:
    member = join(world)
    clone = Member.objects.get(pk=member.pk)
    clone.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_a_person_who_left_may_join_again(world: World) -> None:
    member = join(world)
    services.member_update(actor=world.user("grassroots"), member=member, status=Status.LEFT)
    again = join(world)
    assert again.pk != member.pk


def test_a_wrong_checksum_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        join(world, id_number="320302199202020331")


def test_a_worker_without_a_union_needs_a_federation_to_hold_the_membership(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        join(world, actor="street", employer=world.a.bare_employer)
    assert "holding_union" in caught.value.message_dict
    member = join(
        world, actor="street", employer=world.a.bare_employer, holding_union=world.a.street
    )
    assert member.union == world.a.street


def test_a_viewer_cannot_change_the_registry(world: World) -> None:
    with pytest.raises(ValidationError):
        join(world, actor="viewer")


def test_an_employer_outside_the_subtree_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        join(world, actor="district", employer=world.b.employer)


def test_a_transfer_moves_the_membership_in_one_step(world: World) -> None:
    member = world.a.member
    other = world.a.bare_employer
    transfer = services.member_transfer(
        actor=world.user("district"),
        member=member,
        to_employer=other,
        holding_union=world.a.street,
        transferred_on=dt.date(2026, 1, 5),
        reason="换工作",
    )
    member.refresh_from_db()
    assert member.union == world.a.street and member.employer == other
    assert transfer.from_union == world.a.grassroots
    assert Member.objects.filter(id_blind=member.id_blind, status=Status.ACTIVE).count() == 1
    assert Transfer.objects.filter(member=member).count() == 1


def test_a_transfer_into_another_district_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.member_transfer(
            actor=world.user("district"),
            member=world.a.member,
            to_employer=world.b.employer,
            transferred_on=dt.date(2026, 1, 5),
        )
    world.a.member.refresh_from_db()
    assert world.a.member.union == world.a.grassroots


def test_unmasking_is_audited_and_refused_without_the_permission(world: World) -> None:
    with pytest.raises(ValidationError):
        services.member_reveal(actor=world.user("district"), member=world.a.member)
    refused = AuditEntry.objects.get(action="member.unmask")
    assert refused.result == "refused"


def test_an_edit_that_keeps_the_id_number_and_mobile_keeps_their_ciphertexts(
    world: World,
) -> None:
    member = Member.objects.get(pk=world.a.member.pk)
    stored = (bytes(member.id_cipher), bytes(member.mobile_cipher))
    services.member_update(actor=world.user("grassroots"), member=member, name="张三丰",
                           id_number=member.id_number, mobile=member.mobile)  # fmt: skip
    member = Member.objects.get(pk=member.pk)
    assert (bytes(member.id_cipher), bytes(member.mobile_cipher)) == stored
    assert member.name == "张三丰"
