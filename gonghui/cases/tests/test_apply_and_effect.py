"""A worker applies for a case (no cadre opens it); a step's effect runs in its transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.models import Role, User
from gonghui.cases.models import Case, CaseEvent, Notification
from gonghui.cases.services import case_apply, case_transition
from gonghui.cases.tests.workflows import SETTLEMENT
from gonghui.conftest import World
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(world: World) -> User:
    return User.objects.create_user(username="w1", password="x", role=Role.WORKER)


def apply(world: World, applicant: User, **data: object) -> Case:
    return case_apply(applicant=applicant, type=SETTLEMENT.key, union=world.a.grassroots,
                      title="申请", data=data)  # fmt: skip


def test_a_worker_applies_and_the_cadres_who_act_are_told(world: World, applicant: User) -> None:
    case = apply(world, applicant)
    assert case.applicant == applicant and case.state == "asked" and case.due_at
    assert case.events.get().kind == CaseEvent.Kind.OPENED
    recipients = set(Notification.objects.filter(case=case).values_list("recipient", flat=True))
    assert recipients == {world.user("grassroots").pk}
    assert AuditEntry.objects.filter(action="case.apply", actor=applicant).exists()


def test_a_cadre_cannot_apply_in_a_workers_place(world: World) -> None:
    with pytest.raises(ValidationError):
        apply(world, world.user("grassroots"))
    assert not Case.objects.exists()


def test_the_effect_runs_with_the_step(world: World, applicant: User) -> None:
    cadre = world.user("grassroots")
    case = case_transition(actor=cadre, case=apply(world, applicant), transition="settle")
    case.refresh_from_db()
    assert case.state == "settled" and case.data["settled_by"] == cadre.pk


def test_a_refusing_effect_rolls_the_step_back_and_leaves_a_trace(
    world: World, applicant: User
) -> None:
    case = apply(world, applicant, refuse=True)
    with pytest.raises(ValidationError) as error:
        case_transition(actor=world.user("grassroots"), case=case, transition="settle")
    assert error.value.code == "effect" and "registry refuses" in error.value.messages[0]
    case.refresh_from_db()
    assert case.state == "asked" and case.closed_at is None and "settled_by" not in case.data
    assert case.events.filter(kind=CaseEvent.Kind.REFUSAL).exists()
