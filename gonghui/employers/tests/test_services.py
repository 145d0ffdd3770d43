"""Employers and collective contracts, through the services: placement, coverage, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.conftest import World, credit_code
from gonghui.core.models import AuditEntry
from gonghui.employers.models import CollectiveContract, Employer, Ownership
from gonghui.employers.services import contract_add, employer_save

pytestmark = pytest.mark.django_db

NEW_CODE = credit_code("320302", 601)


def register(world: World, actor: str = "district", **overrides: Any) -> Employer:
    fields: dict[str, Any] = {
        "credit_code": NEW_CODE,
        "name": "鼓楼区精工有限公司",
        "ownership": Ownership.PRIVATE,
        "industry": "C",
        "headcount": 45,
        "area": world.a.street_area,
        "union": None,
        "congress_since": None,
    }
    fields.update(overrides)
    return employer_save(actor=world.user(actor), **fields)


def refusal(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_a_district_cadre_registers_an_employer_and_it_is_audited(world: World) -> None:
    employer = register(world)
    assert employer.pk and employer.credit_code == NEW_CODE
    entry = AuditEntry.objects.get(action="employer.create")
    assert entry.actor == world.user("district")
    assert entry.object_type == "employers.employer" and entry.object_id == str(employer.pk)


def test_an_area_outside_the_scope_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        register(world, area=world.b.street_area)
    assert "area" in refusal(caught)
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()
    assert not AuditEntry.objects.filter(action="employer.create").exists()


def test_a_grassroots_cadre_places_employers_only_in_its_own_street(world: World) -> None:
    employer = register(world, "grassroots", union=world.a.grassroots)
    assert employer.area == world.a.street_area
    with pytest.raises(ValidationError) as caught:
        register(
            world,
            "grassroots",
            credit_code=credit_code("320302", 602),
            area=world.b.street_area,
            union=world.a.grassroots,
        )
    assert "area" in refusal(caught)


def test_the_covering_union_must_be_a_grassroots_union(world: World) -> None:
    for federation in (world.a.street, world.a.federation):
        with pytest.raises(ValidationError) as caught:
            register(world, union=federation)
        assert "union" in refusal(caught)
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()


def test_a_covering_union_of_the_sibling_district_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        register(world, union=world.b.grassroots)
    assert "union" in refusal(caught)


def test_a_duplicate_credit_code_is_refused_even_outside_the_scope(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        register(world, credit_code=world.b.employer.credit_code)
    assert "credit_code" in refusal(caught)
    assert Employer.objects.filter(credit_code=world.b.employer.credit_code).count() == 1


def test_a_viewer_changes_nothing(world: World) -> None:
    with pytest.raises(ValidationError):
        register(world, "viewer")
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()


def test_an_employer_of_the_sibling_district_cannot_be_edited(world: World) -> None:
    employer = world.b.bare_employer
    with pytest.raises(ValidationError):
        employer_save(
            actor=world.user("district"),
            employer=employer,
            credit_code=employer.credit_code,
            name="改名",
            ownership=employer.ownership,
            industry=employer.industry,
            headcount=employer.headcount,
            area=world.a.street_area,
            union=None,
            congress_since=None,
        )
    employer.refresh_from_db()
    assert employer.name != "改名" and employer.area == world.b.street_area


def test_an_update_audits_only_what_changed(world: World) -> None:
    employer = world.a.employer
    employer_save(
        actor=world.user("district"),
        employer=employer,
        credit_code=employer.credit_code,
        name=employer.name,
        ownership=employer.ownership,
        industry=employer.industry,
        headcount=200,
        area=employer.area,
        union=employer.union,
        congress_since=dt.date(2024, 3, 1),
    )
    entry = AuditEntry.objects.get(action="employer.update")
    assert entry.detail["changes"] == {
        "headcount": [120, 200],
        "congress_since": [None, "2024-03-01"],
    }


def test_a_contract_for_an_employer_without_a_union_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        contract_add(
            actor=world.user("district"),
            employer=world.a.bare_employer,
            kind=CollectiveContract.Kind.GENERAL,
            signed_on=dt.date(2025, 1, 1),
            expires_on=dt.date(2027, 12, 31),
        )
    assert not CollectiveContract.objects.exists()


def test_a_contract_must_expire_after_it_is_signed(world: World) -> None:
    for expires_on in (dt.date(2025, 1, 1), dt.date(2024, 12, 31)):
        with pytest.raises(ValidationError) as caught:
            contract_add(
                actor=world.user("district"),
                employer=world.a.employer,
                kind=CollectiveContract.Kind.WAGES,
                signed_on=dt.date(2025, 1, 1),
                expires_on=expires_on,
            )
        assert "expires_on" in refusal(caught)
    assert not CollectiveContract.objects.exists()


def test_a_contract_is_recorded_and_audited(world: World) -> None:
    recorded = contract_add(
        actor=world.user("grassroots"),
        employer=world.a.employer,
        kind=CollectiveContract.Kind.WOMEN,
        signed_on=dt.date(2025, 1, 1),
        expires_on=dt.date(2027, 12, 31),
    )
    assert recorded.in_force_on(dt.date(2026, 6, 1))
    entry = AuditEntry.objects.get(action="contract.create")
    assert entry.actor == world.user("grassroots") and entry.object_id == str(recorded.pk)


def test_a_contract_for_the_sibling_district_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        contract_add(
            actor=world.user("district"),
            employer=world.b.employer,
            kind=CollectiveContract.Kind.GENERAL,
            signed_on=dt.date(2025, 1, 1),
            expires_on=dt.date(2027, 12, 31),
        )
    assert not CollectiveContract.objects.exists()


def test_a_grassroots_cadre_cannot_register_an_employer_it_would_not_see(world: World) -> None:
    # A grassroots union has no territory: an employer it does not cover is outside its
    # scope, so the cadre would save it and then be told it does not exist.
    with pytest.raises(ValidationError) as caught:
        register(world, "grassroots", union=None)
    assert "union" in refusal(caught)
    assert not Employer.objects.filter(credit_code=NEW_CODE).exists()


def test_a_grassroots_cadre_cannot_uncover_its_own_employer(world: World) -> None:
    employer = world.a.employer
    with pytest.raises(ValidationError) as caught:
        employer_save(
            actor=world.user("grassroots"),
            employer=employer,
            credit_code=employer.credit_code,
            name=employer.name,
            ownership=employer.ownership,
            industry=employer.industry,
            headcount=employer.headcount,
            area=employer.area,
            union=None,
            congress_since=None,
        )
    assert "union" in refusal(caught)
    employer.refresh_from_db()
    assert employer.union == world.a.grassroots
