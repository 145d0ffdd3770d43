"""Registering relocated workers and recording their services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from gonghui.conftest import World, resident_id
from gonghui.core import crypto
from gonghui.core.models import AuditEntry
from gonghui.relocation.models import RelocatedWorker, ServiceKind, Status
from gonghui.relocation.selectors import relocated_among
from gonghui.relocation.services import service_add, worker_update
from gonghui.relocation.tests.conftest import WANG, register_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_it_places_a_worker_under_the_union_covering_the_former_employer(
    relocated: RelocatedWorker, world: World
) -> None:
    assert relocated.union == world.a.grassroots
    assert relocated.area == world.a.street_area
    assert relocated.employer_name == world.a.employer.name
    assert relocated.id_number == WANG and relocated.id_blind == crypto.blind_index(WANG)
    assert WANG not in relocated.masked_id_number
    assert relocated.status == Status.REGISTERED and relocated.first_served_on is None
    assert AuditEntry.objects.filter(action="relocation.create").count() == 1


def test_it_places_a_worker_of_an_unregistered_employer_under_the_areas_federation(
    world: World,
) -> None:
    worker = register_worker(world, employer=None, employer_name="徐州某煤矿", area=world.a.area)
    assert worker.union == world.a.federation
    street = register_worker(
        world, id_number=resident_id("320302", "19700101", 41), employer=world.a.bare_employer
    )
    assert street.union == world.a.street  # the bare employer's street federation


def test_it_refuses_a_worker_without_employer_or_area(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        register_worker(world, employer=None, employer_name="某厂")
    assert "choose the area" in refusal(error)
    assert not RelocatedWorker.objects.exists()


def test_it_refuses_a_second_registration_of_the_same_person(
    relocated: RelocatedWorker, world: World
) -> None:
    with pytest.raises(ValidationError) as error:
        register_worker(world, user="district_b", employer=world.b.employer)
    assert "already on the register" in refusal(error)
    assert RelocatedWorker.objects.count() == 1


def test_it_refuses_a_wrong_id_number(world: World) -> None:
    with pytest.raises(ValidationError):
        register_worker(world, id_number=WANG[:-1] + ("0" if WANG[-1] != "0" else "1"))
    assert not RelocatedWorker.objects.exists()


def test_it_refuses_a_place_outside_the_actors_subtree(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        register_worker(world, employer=None, employer_name="某厂", area=world.b.area)
    assert "outside your part" in refusal(error)
    assert not RelocatedWorker.objects.exists()


def test_a_viewer_may_not_register(world: World) -> None:
    with pytest.raises(ValidationError):
        register_worker(world, user="viewer")


def test_the_earliest_service_sets_first_served_on(
    relocated: RelocatedWorker, world: World
) -> None:
    cadre = world.user("grassroots")
    service_add(actor=cadre, worker=relocated, kind=ServiceKind.SKILLS,
                served_on=dt.date(2024, 5, 1), provider="市职业技能培训中心")  # fmt: skip
    assert relocated.first_served_on == dt.date(2024, 5, 1)
    service_add(actor=cadre, worker=relocated, kind=ServiceKind.REFERRAL,
                served_on=dt.date(2024, 9, 1))  # fmt: skip
    assert relocated.first_served_on == dt.date(2024, 5, 1)
    service_add(actor=cadre, worker=relocated, kind=ServiceKind.HARDSHIP,
                served_on=dt.date(2023, 1, 15))  # fmt: skip
    assert relocated.first_served_on == dt.date(2023, 1, 15)
    assert relocated.status == Status.REGISTERED
    assert relocated.services.count() == 3
    assert AuditEntry.objects.filter(action="relocation.service").count() == 3


def test_re_employment_marks_the_worker_re_employed(
    relocated: RelocatedWorker, world: World
) -> None:
    service_add(actor=world.user("district"), worker=relocated, kind=ServiceKind.REEMPLOYED,
                served_on=dt.date(2025, 3, 1), provider="徐工集团")  # fmt: skip
    assert relocated.status == Status.REEMPLOYED
    assert relocated.first_served_on == dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("served_on", "message"),
    [
        (dt.date(2016, 1, 1), "cannot precede the relocation"),
        (timezone.localdate() + dt.timedelta(days=1), "in the future"),
    ],
)
def test_it_refuses_a_service_dated_impossibly(
    relocated: RelocatedWorker, world: World, served_on: dt.date, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        service_add(actor=world.user("district"), worker=relocated, kind=ServiceKind.SKILLS,
                    served_on=served_on)  # fmt: skip
    assert message in refusal(error)
    assert not relocated.services.exists()
    relocated.refresh_from_db()
    assert relocated.first_served_on is None


def test_it_refuses_services_outside_the_subtree_and_by_viewers(
    relocated: RelocatedWorker, world: World
) -> None:
    for user in ("district_b", "viewer"):
        with pytest.raises(ValidationError):
            service_add(actor=world.user(user), worker=relocated, kind=ServiceKind.SKILLS,
                        served_on=dt.date(2024, 1, 1))  # fmt: skip
    assert not relocated.services.exists()


def test_leaving_the_register_dates_it_and_stops_services(
    relocated: RelocatedWorker, world: World
) -> None:
    worker_update(actor=world.user("district"), worker=relocated, employer=world.a.employer,
                  area=None, status=Status.LEFT)  # fmt: skip
    assert relocated.left_on == timezone.localdate()
    assert relocated.id_number == WANG  # a blank ID number keeps the stored one
    with pytest.raises(ValidationError) as error:
        service_add(actor=world.user("district"), worker=relocated, kind=ServiceKind.SKILLS,
                    served_on=dt.date(2024, 1, 1))  # fmt: skip
    assert "left the register" in refusal(error)


def test_relocated_among_names_the_registered_blind_indexes(
    relocated: RelocatedWorker, world: World
) -> None:
    other = crypto.blind_index(resident_id("320302", "19800101", 99))
    assert relocated_among([relocated.id_blind, other]) == {relocated.id_blind}
    assert relocated_among([]) == set()
