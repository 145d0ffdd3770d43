"""A worker applies at the portal and follows only their own file."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.conftest import World
from gonghui.hardship.models import Household
from gonghui.hardship.services import household_apply
from gonghui.hardship.tests.conftest import figures
from gonghui.portal.models import WorkerProfile
from gonghui.portal.tests.conftest import sign_up

pytestmark = pytest.mark.django_db
FORM = {
    "income": "12000",
    "expenses": "0",
    "cause": "unemployment",
    "people-TOTAL_FORMS": "1",
    "people-INITIAL_FORMS": "0",
    "people-MIN_NUM_FORMS": "0",
    "people-MAX_NUM_FORMS": "15",
}


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_worker_applies_and_the_file_is_held_by_the_employers_union(
    world: World, worker: Any
) -> None:
    data = FORM | {"credit_code": world.a.employer.credit_code}
    response = client_of(worker).post("/hardship/my/apply/", data)
    household = Household.objects.get()
    assert response.status_code == 302 and response.url == f"/hardship/my/{household.pk}/"
    assert household.union == world.a.grassroots and household.applicant_name == "王五"
    assert household.case.applicant == worker and household.case.state == "grassroots"
    page = client_of(worker).get(response.url).content.decode()
    assert household.number in page and 'data-testid="review-state"' in page


def test_a_member_applies_at_their_membership_union_without_naming_an_employer(
    world: World, worker: Any
) -> None:
    from gonghui.members.services import member_create

    profile = WorkerProfile.objects.get(user=worker)
    member_create(
        actor=world.user("grassroots"),
        name="王五",
        id_number=profile.id_number,
        mobile=profile.mobile,
        employer=world.a.employer,
        joined_on=world.a.member.joined_on,
    )
    household = household_apply(actor=worker, employer=None, figures=figures(members=()))
    assert household.union == world.a.grassroots


def test_an_unproven_worker_cannot_apply(world: World, outbox: list) -> None:
    user = sign_up(outbox, "13900002222")
    with pytest.raises(ValidationError, match="identity"):
        household_apply(actor=user, employer=world.a.employer, figures=figures(members=()))


def test_a_worker_sees_only_their_own_file(world: World, worker: Any, outbox: list) -> None:
    household = household_apply(
        actor=worker, employer=world.a.employer, figures=figures(members=())
    )
    other = sign_up(outbox, "13900003333")
    assert client_of(other).get(f"/hardship/my/{household.pk}/").status_code == 404
    assert household.number not in client_of(other).get("/hardship/my/").content.decode()
    assert household.number in client_of(worker).get("/hardship/my/").content.decode()


def test_a_cadre_cannot_open_a_workers_page(world: World, worker: Any) -> None:
    household = household_apply(
        actor=worker, employer=world.a.employer, figures=figures(members=())
    )
    client = client_of(world.user("grassroots"))
    assert client.get(f"/hardship/my/{household.pk}/").status_code == 403
