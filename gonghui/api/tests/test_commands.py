"""`gonghui token create|list|revoke`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gonghui.api.models import ApiToken
from gonghui.api.tests.conftest import bearer
from gonghui.conftest import World
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_prints_a_working_secret_once(world: World) -> None:
    secret = _run("create", "--org", "320302", "--name", "市人社局", "--days", "10")
    token = ApiToken.objects.get()
    assert (token.union, token.access, token.created_by) == (world.a.federation, "read", None)
    assert bearer(secret).get("/api/v1/members/").status_code == 200
    assert secret not in _run("list") and token.prefix in _run("list")
    assert AuditEntry.objects.filter(action="api_token.create").exists()


def test_revoke_stops_the_token(world: World) -> None:
    secret = _run("create", "--org", "320302", "--name", "市人社局", "--access", "read_write")
    _run("revoke", str(ApiToken.objects.get().pk))
    assert bearer(secret).get("/api/v1/members/").status_code == 401


@pytest.mark.parametrize(
    "args",
    [
        ("create", "--org", "999999", "--name", "x"),
        ("create", "--org", "320302", "--name", "x", "--days", "0"),
        ("revoke", "987654321"),
    ],
)
def test_usage_errors_exit_with_status_2(world: World, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as raised:
        _run(*args)
    assert raised.value.returncode == 2
