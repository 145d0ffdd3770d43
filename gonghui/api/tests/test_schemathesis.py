"""Schemathesis over every operation of the served OpenAPI document, in process (no network).

A read-write token of district A sends requests generated from the schema, valid and invalid,
to the Django WSGI application: no answer is a server error, every answer conforms to the
document (status, content type, body, headers), and no answer carries a record of district B.
`GONGHUI_FUZZ_EXAMPLES` raises the number of requests per operation for a long run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import settings

from gonghui.api.services import token_create
from gonghui.conftest import World
from gonghui.core.tests.fuzzing import FUZZ, fuzz_examples

pytestmark = pytest.mark.django_db

# A valid body or query the business rules refuse (a random credit code fails its checksum,
# a generated parent is out of the subtree) is a correct 400, not a schema violation.
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def in_process() -> Iterator[None]:
    """The WSGI handler closes the database connection after every request, as a server must;
    inside a test's transaction that would end the test's own data: keep it open, as Django's
    test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def bearer(world: World, settings: Any) -> dict[str, str]:
    """The Authorization header of a read-write token of district A, with no rate limit."""
    settings.GONGHUI_API_RATE = "1000000/min"
    issued = token_create(
        actor=None, union=world.a.federation, name="模糊测试", access="read_write"
    )
    return {"Authorization": f"Bearer {issued.secret}"}


def served_document() -> dict[str, Any]:
    """The document /api/v1/schema/ serves (read here: collection has no database yet)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(served_document())
schema.app = WSGIHandler()


@schema.parametrize()
@settings(FUZZ, max_examples=fuzz_examples(10))
def test_every_operation_answers_by_its_schema_and_within_the_subtree(
    case: Any, world: World, bearer: dict[str, str], in_process: None
) -> None:
    response = case.call_and_validate(headers=bearer, excluded_checks=EXCLUDED_CHECKS)
    body = response.text
    for record in (world.b.member, world.b.employer, world.b.bare_employer, world.b.grassroots):
        assert record.name not in body, f"{case.method} {case.formatted_path} shows district B"
    assert world.b.employer.credit_code not in body
