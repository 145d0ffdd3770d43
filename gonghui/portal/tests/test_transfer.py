"""Transferring a membership (会籍接转) from the portal: the new employer's union decides; an
approval moves the member once, in one step, and the union left behind is told."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.accounts.models import Role, User
from gonghui.cases.models import Case, CaseEvent, Notification
from gonghui.cases.services import case_transition
from gonghui.conftest import World, credit_code
from gonghui.members.models import Member, Status, Transfer
from gonghui.members.services import member_update
from gonghui.orgs.models import Union
from gonghui.portal.models import WorkerProfile
from gonghui.portal.services import transfer_request
from gonghui.portal.tests.conftest import enrol, figure

pytestmark = pytest.mark.django_db


def cadre_of(union: Union, username: str) -> User:
    return User.objects.create_user(username=username, role=Role.GRASSROOTS, org=union)


def refusal_code(service: Callable[..., Any], **arguments: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        service(**arguments)
    return refused.value.error_list[0].code


def test_the_receiving_cadre_approves_and_the_member_moves_once(world: World, worker: Any) -> None:
    member = enrol(world, world.a.bare_employer, holding_union=world.a.street)
    city_before = figure("members", "320300")
    grassroots_before = figure("members", f"U{world.a.grassroots.pk}")

    case = transfer_request(actor=worker, employer=world.a.employer)
    assert case.type == "transfer" and case.union == world.a.grassroots
    assert case.data == {"employer": world.a.employer.pk, "from_union": world.a.street.pk}
    cadre = world.user("grassroots")
    assert Notification.objects.filter(recipient=cadre, case=case).exists()
    case_transition(actor=cadre, case=case, transition="approve", note="欢迎")

    member.refresh_from_db()
    assert member.union == world.a.grassroots and member.employer == world.a.employer
    assert member.status == Status.ACTIVE
    transfer = Transfer.objects.get(member=member)
    assert (transfer.from_union, transfer.to_union) == (world.a.street, world.a.grassroots)
    assert transfer.actor == cadre
    assert figure("members", "320300") == city_before  # never counted twice
    assert figure("members", f"U{world.a.grassroots.pk}") == grassroots_before + 1
    told = Notification.objects.get(recipient=world.user("street"), case=case)
    assert "王五" in told.message and world.a.grassroots.name in told.message

    with pytest.raises(ValidationError):  # a decided case cannot be approved again
        case_transition(actor=cadre, case=case, transition="approve")
    assert Transfer.objects.filter(member=member).count() == 1


def test_a_transfer_to_another_district_is_received_there(world: World, worker: Any) -> None:
    member = enrol(world, world.a.employer)
    a_before, b_before = figure("members", "320302"), figure("members", "320303")
    case = transfer_request(actor=worker, employer=world.b.employer)
    assert case.union == world.b.grassroots
    left_behind = world.user("grassroots")  # sees neither the case nor where it goes
    code = refusal_code(case_transition, actor=left_behind, case=case, transition="approve")
    assert code == "out_of_scope"

    case_transition(actor=cadre_of(world.b.grassroots, "gr_b"), case=case, transition="approve")
    member.refresh_from_db()
    assert member.union == world.b.grassroots and member.employer == world.b.employer
    assert figure("members", "320302") == a_before - 1
    assert figure("members", "320303") == b_before + 1
    assert Member.objects.filter(id_blind=member.id_blind, status=Status.ACTIVE).count() == 1


def test_the_union_left_behind_reads_the_news_without_opening_the_case(
    world: World, worker: Any
) -> None:
    enrol(world, world.a.employer)
    case = transfer_request(actor=worker, employer=world.b.employer)
    case_transition(actor=cadre_of(world.b.grassroots, "gr_b"), case=case, transition="approve")
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.user("grassroots"))
    page = client.get("/cases/notifications/").content.decode()
    assert "王五" in page and "Mark as read" in page and "open the case" not in page
    told = Notification.objects.get(recipient__username="grassroots", case=case)
    response = client.post("/cases/notifications/", {"notification": told.pk})
    assert response["Location"] == "/cases/notifications/"
    told.refresh_from_db()
    assert told.read_at is not None
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_an_employer_without_a_union_sends_it_to_the_federation(world: World, worker: Any) -> None:
    member = enrol(world, world.a.employer)
    case = transfer_request(actor=worker, employer=world.a.bare_employer)
    assert case.union == world.a.street
    case_transition(actor=world.user("street"), case=case, transition="approve")
    member.refresh_from_db()
    assert member.union == world.a.street and member.employer == world.a.bare_employer


def test_a_rejection_moves_nobody(world: World, worker: Any) -> None:
    member = enrol(world, world.a.employer)
    case = transfer_request(actor=worker, employer=world.a.bare_employer)
    case_transition(actor=world.user("street"), case=case, transition="reject", note="不在本辖区")
    member.refresh_from_db()
    assert member.union == world.a.grassroots and not Transfer.objects.exists()
    assert not Notification.objects.filter(recipient__username="grassroots", case=case).exists()


def test_a_member_who_left_meanwhile_is_not_moved(world: World, worker: Any) -> None:
    member = enrol(world, world.a.employer)
    case = transfer_request(actor=worker, employer=world.a.bare_employer)
    member_update(actor=world.user("grassroots"), member=member, status=Status.LEFT)
    street = world.user("street")
    code = refusal_code(case_transition, actor=street, case=case, transition="approve")
    assert code == "effect"
    case.refresh_from_db()
    assert case.state == "submitted" and case.events.filter(kind=CaseEvent.Kind.REFUSAL).exists()
    assert not Transfer.objects.exists()


def test_only_a_member_with_a_proven_identity_may_ask(world: World, worker: Any) -> None:
    assert refusal_code(transfer_request, actor=worker, employer=world.b.employer) == "not_member"
    enrol(world, world.a.employer)
    WorkerProfile.objects.filter(user=worker).update(verified_at=None)
    assert refusal_code(transfer_request, actor=worker, employer=world.b.employer) == "identity"
    assert not Case.objects.exists()


def test_one_transfer_at_a_time_and_never_to_the_same_union(world: World, worker: Any) -> None:
    enrol(world, world.a.employer)
    assert refusal_code(transfer_request, actor=worker, employer=world.a.employer) == "same_union"
    transfer_request(actor=worker, employer=world.b.employer)
    assert refusal_code(transfer_request, actor=worker, employer=world.b.employer) == "open"
    assert Case.objects.count() == 1


def test_the_transfer_page_names_the_employer_and_refuses_an_unknown_code(
    world: World, worker: Any
) -> None:
    enrol(world, world.a.employer)
    client = Client()
    client.force_login(worker)
    page = client.get("/portal/transfer/").content.decode()
    assert world.a.grassroots.name in page  # where the membership is held now
    code = world.b.employer.credit_code
    unknown = {"credit_code": credit_code("320303", 99), "confirm": "1"}  # valid, unregistered
    refused = client.post("/portal/transfer/", unknown)
    assert refused.status_code == 200, refused
    assert refused.context["form"].errors["credit_code"] and not Case.objects.exists()
    shown = client.post("/portal/transfer/", {"credit_code": code.lower()})
    assert world.b.employer.name in shown.content.decode() and not Case.objects.exists()
    done = client.post("/portal/transfer/", {"credit_code": code, "confirm": "1"})
    case = Case.objects.get()
    assert done["Location"] == f"/portal/my/{case.pk}/"
    same = client.post("/portal/transfer/", {"credit_code": code, "confirm": "1"})
    assert same.context["form"].non_field_errors() and Case.objects.count() == 1
