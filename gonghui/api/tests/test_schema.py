"""The OpenAPI document: valid, every endpoint with its parameters, the token scheme."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from gonghui.conftest import World

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path: object) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())


def test_the_schema_lists_every_endpoint_with_filters_and_the_token_scheme(
    world: World, token_client: Callable[..., Client]
) -> None:
    schema = token_client(world.a.federation).get("/api/v1/schema/?format=json").json()
    assert schema["info"]["version"] == "v1"
    assert set(schema["paths"]) == {
        "/api/v1/orgs/", "/api/v1/orgs/{union_id}/",
        "/api/v1/employers/", "/api/v1/employers/{employer_id}/",
        "/api/v1/members/", "/api/v1/members/{member_id}/",
        "/api/v1/metrics/", "/api/v1/orgs/{union_id}/figures/",
        "/api/v1/plans/", "/api/v1/plans/{plan_id}/",
    }  # fmt: skip
    members = schema["paths"]["/api/v1/members/"]
    assert set(members) == {"get", "post"}
    parameters = {parameter["name"] for parameter in members["get"]["parameters"]}
    assert {"q", "status", "union", "updated_since", "cursor", "limit"} <= parameters
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    assert "id_number" not in schema["components"]["schemas"]["MemberOut"]["properties"]
    figures = schema["paths"]["/api/v1/orgs/{union_id}/figures/"]["get"]["parameters"]
    assert {"as_of", "children"} <= {parameter["name"] for parameter in figures}


def test_the_schema_is_for_signed_in_users_and_tokens_only(world: World) -> None:
    assert Client().get("/api/v1/schema/").status_code == 401
