"""An API token of district B for the scope walk (core/tests/test_scope_walk.py)."""

from __future__ import annotations

from gonghui.api.models import ApiToken
from gonghui.api.services import token_create
from gonghui.conftest import District, World

EXEMPT = {
    "api:schema": "the API's OpenAPI document: endpoints and fields, no records",
    "api:docs": "the page that shows the OpenAPI document (Swagger UI), no records",
}


def samples(world: World, district: District) -> dict[type, object]:
    created = token_create(
        actor=None, union=district.federation, name=district.employer.name, access="read"
    )
    return {ApiToken: created.token}
