"""Helpers for the API tests: tokens issued for a node, clients that present them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from gonghui.api.services import token_create
from gonghui.orgs.models import Union


@pytest.fixture(autouse=True)
def _fresh_request_counts() -> Iterator[None]:
    """Each test starts with no requests counted against any token's rate."""
    caches["api-throttle"].clear()
    yield
    caches["api-throttle"].clear()


def bearer(secret: str, **headers: Any) -> Client:
    """A client that sends `Authorization: Bearer <secret>` with every request."""
    return Client(headers={"Authorization": f"Bearer {secret}", **headers})


@pytest.fixture
def token_client(world: Any) -> Callable[..., Client]:
    """`token_client(node, access="read")`: a client holding a new token bound to `node`."""

    def issue(node: Union, access: str = "read", **headers: Any) -> Client:
        issued = token_create(actor=None, union=node, name="市人社局", access=access)
        return bearer(issued.secret, **headers)

    return issue
