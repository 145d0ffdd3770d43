"""Applying to join: the case goes to the union that would hold the membership; approving it
records the member through the registry's rules and moves the KPIs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.cases.models import CaseEvent, Notification
from gonghui.cases.services import case_transition
from gonghui.conftest import World
from gonghui.core import crypto
from gonghui.members.models import Member, Status
from gonghui.members.services import member_create
from gonghui.portal.models import WorkerProfile
from gonghui.portal.services import application_submit
from gonghui.portal.tests.conftest import WORKER_ID, figure

pytestmark = pytest.mark.django_db


def test_the_grassroots_cadre_approves_and_the_member_counts(world: World, worker: Any) -> None:
    members_before = figure("members", "320302")
    case = application_submit(actor=worker, employer=world.a.employer)
    assert case.union == world.a.grassroots and case.state == "submitted"
    cadre = world.user("grassroots")
    assert Notification.objects.filter(recipient=cadre, case=case).exists()
    case_transition(actor=cadre, case=case, transition="approve", note="欢迎")
    member = Member.objects.get(id_blind=crypto.blind_index(WORKER_ID))
    assert member.union == world.a.grassroots and member.status == Status.ACTIVE
    assert member.name == "王五" and member.consent_on is not None
    case.refresh_from_db()
    assert case.state == "approved" and case.data["member"] == member.pk
    assert figure("members", "320302") == members_before + 1


def test_an_employer_without_a_union_sends_the_case_to_the_street(
    world: World, worker: Any
) -> None:
    case = application_submit(actor=worker, employer=world.a.bare_employer)
    assert case.union == world.a.street
    with pytest.raises(ValidationError):  # the grassroots cadre is not the one to decide
        case_transition(actor=world.user("grassroots"), case=case, transition="approve")
    case_transition(actor=world.user("street"), case=case, transition="approve")
    member = Member.objects.get(id_blind=crypto.blind_index(WORKER_ID))
    assert member.union == world.a.street and member.employer == world.a.bare_employer


def test_a_registry_refusal_rolls_the_approval_back_and_shows_on_the_case(
    world: World, worker: Any
) -> None:
    case = application_submit(actor=worker, employer=world.a.employer)
    cadre = world.user("grassroots")
    member_create(actor=world.user("street"), name="王五", id_number=WORKER_ID, mobile="",
                  employer=world.a.bare_employer, holding_union=world.a.street,
                  joined_on=case.opened_at.date())  # fmt: skip
    client = Client()
    client.force_login(cadre)
    response = client.post(f"/cases/{case.pk}/act/", {"transition": "approve"}, follow=True)
    case.refresh_from_db()
    assert case.state == "submitted"
    assert list(response.context["messages"])
    assert case.events.filter(kind=CaseEvent.Kind.REFUSAL).exists()
    assert Member.objects.filter(id_blind=crypto.blind_index(WORKER_ID)).count() == 1


def test_a_worker_applies_once_at_a_time_and_only_with_a_proven_identity(
    world: World, worker: Any
) -> None:
    application_submit(actor=worker, employer=world.a.employer)
    with pytest.raises(ValidationError):
        application_submit(actor=worker, employer=world.a.employer)
    WorkerProfile.objects.filter(user=worker).update(verified_at=None)
    with pytest.raises(ValidationError):
        application_submit(actor=worker, employer=world.a.employer)


def test_the_apply_page_names_the_employer_before_applying(world: World, worker: Any) -> None:
    client = Client()
    client.force_login(worker)
    code = world.a.employer.credit_code
    shown = client.post("/portal/apply/", {"credit_code": code.lower()})
    assert world.a.employer.name in shown.content.decode()
    done = client.post("/portal/apply/", {"credit_code": code, "confirm": "1"})
    assert done.status_code == 302
    unknown = client.post("/portal/apply/", {"credit_code": code[:-1] + "X"})
    assert unknown.context["form"].errors["credit_code"]
