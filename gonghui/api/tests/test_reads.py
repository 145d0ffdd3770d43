"""A token bound to district A reads exactly A's subtree, lists and details, masked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from gonghui.conftest import World, resident_id
from gonghui.core.scope import visible_to
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db

TokenClient = Callable[..., Client]


def _ids(client: Client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("url", "model"),
    [("/api/v1/orgs/", Union), ("/api/v1/employers/", Employer), ("/api/v1/members/", Member)],
)
def test_a_district_token_lists_what_the_district_cadre_sees(
    world: World, token_client: TokenClient, url: str, model: type
) -> None:
    listed = _ids(token_client(world.a.federation), url)
    assert listed == set(visible_to(model, world.user("district")).values_list("id", flat=True))
    assert listed  # the district has rows of each kind
    assert not listed & set(
        visible_to(model, world.user("district_b")).values_list("id", flat=True)
    )


def test_a_grassroots_token_does_not_see_the_employer_its_union_does_not_cover(
    world: World, token_client: TokenClient
) -> None:
    listed = _ids(token_client(world.a.grassroots), "/api/v1/employers/")
    assert listed == {world.a.employer.pk}


@pytest.mark.parametrize("kind", ["orgs", "employers", "members"])
def test_a_record_of_the_sibling_district_is_answered_like_a_missing_one(
    world: World, token_client: TokenClient, kind: str
) -> None:
    outside = {"orgs": world.b.grassroots, "employers": world.b.employer, "members": world.b.member}
    inside = {"orgs": world.a.grassroots, "employers": world.a.employer, "members": world.a.member}
    client = token_client(world.a.federation)
    assert client.get(f"/api/v1/{kind}/{inside[kind].pk}/").status_code == 200
    found = client.get(f"/api/v1/{kind}/{outside[kind].pk}/")
    missing = client.get(f"/api/v1/{kind}/987654321/")
    assert found.status_code == missing.status_code == 404
    assert found.json() == missing.json()


def test_members_are_masked_and_never_carry_the_full_id_or_mobile(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.federation)
    response = client.get(f"/api/v1/members/{world.a.member.pk}/")
    member = response.json()
    assert (
        member["masked_id_number"] == "320302********" + resident_id("320302", "19900101", 11)[-4:]
    )
    assert member["masked_mobile"] == "138****5678"
    listed = client.get("/api/v1/members/").content.decode()
    for body in (response.content.decode(), listed):
        assert resident_id("320302", "19900101", 11) not in body
        assert "13812345678" not in body and "birth" not in body


def test_members_are_found_by_the_web_search(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation)
    for query in ("zs", "张", "5678", resident_id("320302", "19900101", 11)):
        assert _ids(client, f"/api/v1/members/?q={query}") == {world.a.member.pk}, query
    assert _ids(client, "/api/v1/members/?q=ls") == set()


def test_lists_narrow_to_a_union_of_the_subtree(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation)
    street = world.a.street.pk
    assert _ids(client, f"/api/v1/members/?union={street}") == {world.a.member.pk}
    assert _ids(client, f"/api/v1/orgs/?union={street}") == {street, world.a.grassroots.pk}
    employers = _ids(client, f"/api/v1/employers/?union={world.a.grassroots.pk}")
    assert employers == {world.a.employer.pk}


def test_employers_filter_by_credit_code_and_area(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation)
    code = world.a.bare_employer.credit_code
    assert _ids(client, f"/api/v1/employers/?q={code}") == {world.a.bare_employer.pk}
    both = {world.a.employer.pk, world.a.bare_employer.pk}
    assert _ids(client, f"/api/v1/employers/?area={world.a.street_area.code}") == both
    assert _ids(client, f"/api/v1/employers/?area={world.b.street_area.code}") == set()


def test_members_changed_since_a_moment(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation)
    assert _ids(client, "/api/v1/members/?updated_since=2000-01-01T00:00:00%2B08:00")
    assert _ids(client, "/api/v1/members/?updated_since=2999-01-01") == set()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("/api/v1/members/?updated_since=yesterday", "updated_since"),
        ("/api/v1/members/?status=sleeping", "status"),
        ("/api/v1/employers/?min_headcount=many", "min_headcount"),
        ("/api/v1/orgs/?kind=club", "kind"),
        ("/api/v1/members/?limit=0", "limit"),
        ("/api/v1/members/?limit=1001", "limit"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(
    world: World, token_client: TokenClient, query: str, parameter: str
) -> None:
    response = token_client(world.a.federation).get(query)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_a_union_outside_the_subtree_is_refused_as_unknown(
    world: World, token_client: TokenClient
) -> None:
    client = token_client(world.a.federation, **{"Accept-Language": "en"})
    for union in (world.b.grassroots.pk, 987654321):
        response = client.get(f"/api/v1/members/?union={union}")
        assert response.status_code == 400
        assert response.json() == {
            "union": [f"There is no union {union} in your part of the union tree."]
        }


@pytest.mark.parametrize(
    "path",
    ["/api/v1/members/abc/", "/api/v1/employers/null,null/", "/api/v1/nothing/", "/api/v1/orgs"],
)
def test_any_other_address_under_the_api_is_a_json_404(
    world: World, token_client: TokenClient, path: str
) -> None:
    response = token_client(world.a.federation).get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_any_other_address_under_the_api_asks_for_a_token_first() -> None:
    assert Client().get("/api/v1/members/abc/").status_code == 401
