"""Writes through the API: only read-write tokens, only in the subtree, the services' rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gonghui.conftest import World, credit_code, resident_id
from gonghui.core.models import AuditEntry
from gonghui.employers.models import Employer
from gonghui.members.models import Member, Status

pytestmark = pytest.mark.django_db

TokenClient = Callable[..., Client]


def _employer(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "credit_code": credit_code("320302", 77),
        "name": "鼓楼区新厂",
        "ownership": "private",
        "industry": "C",
        "headcount": 40,
        "area": world.a.street_area.code,
        "union": world.a.grassroots.pk,
        **changes,
    }


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_a_read_token_may_not_write(world: World, token_client: TokenClient) -> None:
    response = _post(token_client(world.a.federation), "/api/v1/employers/", _employer(world))
    assert response.status_code == 403
    assert not Employer.objects.filter(name="鼓楼区新厂").exists()


def test_a_read_write_token_registers_an_employer_in_its_subtree(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.federation, access="read_write")
    response = _post(client, "/api/v1/employers/", _employer(world))
    assert response.status_code == 201, response.content
    employer = Employer.objects.get(pk=response.json()["id"])
    assert employer.union == world.a.grassroots
    entries = AuditEntry.objects.filter(object_type="employers.employer", object_id=employer.pk)
    assert set(entries.values_list("action", flat=True)) == {"employer.create", "api.write"}
    assert client.get(f"/api/v1/employers/{employer.pk}/").json()["name"] == "鼓楼区新厂"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (lambda world: {"area": world.b.street_area.code}, "area"),
        (lambda world: {"union": world.b.grassroots.pk}, "union"),
    ],
)
def test_a_read_write_token_is_refused_outside_its_subtree(
    world: World, token_client: TokenClient, changes: Callable[[World], dict], field: str
) -> None:
    client = token_client(world.a.federation, access="read_write")
    response = _post(client, "/api/v1/employers/", _employer(world, **changes(world)))
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert world.b.grassroots.name not in response.content.decode()
    assert not Employer.objects.filter(name="鼓楼区新厂").exists()


def test_a_refusal_is_written_in_the_language_of_the_request(
    world: World, token_client: TokenClient
) -> None:
    taken = _employer(world, credit_code=world.a.bare_employer.credit_code)
    answers = {}
    for language in ("en", "zh-hans"):
        client = token_client(world.a.federation, "read_write", **{"Accept-Language": language})
        response = _post(client, "/api/v1/employers/", taken)
        assert response.status_code == 400
        answers[language] = response.json()["credit_code"][0]
    assert answers["en"] == "An employer with this credit code is already registered."
    assert answers["zh-hans"] != answers["en"]


def test_a_patch_changes_only_the_fields_sent(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation, access="read_write")
    employer = world.a.employer
    response = client.patch(
        f"/api/v1/employers/{employer.pk}/",
        {"headcount": 300, "id": world.b.employer.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    employer.refresh_from_db()
    assert (employer.headcount, employer.name, employer.union) == (
        300, "鼓楼区机械厂", world.a.grassroots,
    )  # fmt: skip
    assert Employer.objects.get(pk=world.b.employer.pk).headcount == 120


def test_a_patch_of_a_sibling_districts_employer_is_a_404(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.federation, access="read_write")
    response = client.patch(
        f"/api/v1/employers/{world.b.employer.pk}/",
        {"headcount": 1},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Employer.objects.get(pk=world.b.employer.pk).headcount == 120


def _member(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "name": "王五",
        "id_number": resident_id("320302", "19920202", 33),
        "mobile": "13900001111",
        "employer": world.a.employer.pk,
        "joined_on": "2024-05-01",
        "consent_on": "2024-05-01",
        **changes,
    }


def test_a_member_registered_through_the_api_comes_back_masked(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.grassroots, access="read_write")
    response = _post(client, "/api/v1/members/", _member(world))
    assert response.status_code == 201, response.content
    body = response.content.decode()
    assert resident_id("320302", "19920202", 33) not in body and "13900001111" not in body
    assert response.json()["masked_mobile"] == "139****1111"


def test_posted_status_union_and_id_change_nothing(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation, access="read_write")
    sneaky = {"status": Status.LEFT, "union": world.b.grassroots.pk, "id": world.b.member.pk}
    response = _post(client, "/api/v1/members/", _member(world, **sneaky))
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert (member.status, member.union) == (Status.ACTIVE, world.a.grassroots)
    assert member.pk != world.b.member.pk


def test_a_member_at_an_employer_outside_the_subtree_is_refused(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.federation, access="read_write")
    response = _post(client, "/api/v1/members/", _member(world, employer=world.b.employer.pk))
    assert response.status_code == 400
    assert list(response.json()) == ["employer"]
    assert world.b.employer.name not in response.content.decode()


def test_a_second_active_membership_is_refused(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation, "read_write", **{"Accept-Language": "en"})
    person = _member(world, id_number=resident_id("320303", "19850505", 22))
    response = _post(client, "/api/v1/members/", person)
    assert response.status_code == 400
    assert response.json()["id_number"][0].startswith("This person is already an active member")


def test_a_bad_id_number_is_refused_beside_the_field(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.federation, access="read_write")
    response = _post(client, "/api/v1/members/", _member(world, id_number="320302199202020000"))
    assert response.status_code == 400
    assert list(response.json()) == ["id_number"]
    assert not Member.objects.filter(name="王五").exists()


def test_a_member_without_consent_is_refused(world: World, token_client: TokenClient) -> None:
    data = _member(world)
    del data["consent_on"]
    client = token_client(world.a.federation, access="read_write")
    response = _post(client, "/api/v1/members/", data)
    assert response.status_code == 400 and list(response.json()) == ["consent_on"]
    assert not Member.objects.filter(name="王五").exists()
