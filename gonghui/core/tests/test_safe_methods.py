"""No state change over GET or HEAD: every URL pattern, requested by every role (and
anonymous, and the API tokens on the API) with district A's records, changes no business row.

Tables allowed to change on a read, each for its reason (`gonghui.testing.matrix.BOOKKEEPING`):
the audit trail (a read of personal data, an export, a refusal is recorded), the session
(signing in, the last-seen stamp, messages), the rate and sign-in counters, a token's last use,
an authenticator secret shown for enrolment, and today's KPI tallies (derived figures recounted
on reading after a change). Every other table is compared row by row before and after the walk,
and each request's write statements are seen as it runs.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.apps import apps
from django.urls import path

from gonghui.conftest import World
from gonghui.core.tests.test_scope_walk import Route, routes
from gonghui.members.models import Member
from gonghui.testing import matrix

pytestmark = pytest.mark.django_db

SAFE = ("GET", "HEAD")


def checksums() -> dict[str, str]:
    """Each business table → a digest of all its rows."""
    sums = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in matrix.BOOKKEEPING or table in sums:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        values = [[bytes(v) if isinstance(v, memoryview) else v for v in row] for row in rows]
        sums[table] = hashlib.sha256(repr(values).encode()).hexdigest()
    return sums


def writes_on_reads(
    everyone: list[matrix.Principal], values: dict[str, Any], patterns: list[Route]
) -> list[str]:
    """Each (principal, safe request) that wrote a business table."""
    found = []
    with matrix.relaxed_rates():
        for principal in everyone:
            for route in patterns:
                if principal.token and not matrix.is_endpoint(route):
                    continue
                ids = {kwarg: values[kwarg].pk for kwarg in route.kwargs if kwarg in values}
                url = matrix._url(route, ids)
                for method in SAFE:
                    _status, _location, wrote = matrix.request(principal, method, url,
                                                               rollback=False)  # fmt: skip
                    if wrote:
                        found.append(f"{principal.name} {method} {url} wrote {sorted(wrote)}")
    return found


def test_no_get_or_head_changes_a_business_row(world: World) -> None:
    # Signed in (last_login) and the sample records made before the first checksum.
    everyone, values = matrix.principals(world), matrix.records(world, world.a)
    before = checksums()
    assert writes_on_reads(everyone, values, list(routes())) == []
    after = checksums()
    assert [table for table in before if before[table] != after.get(table)] == []
    assert "members_member" in before and "core_auditentry" not in before


def _counting_view(request: object, member_id: int) -> object:
    from django.http import HttpResponse

    Member.objects.filter(pk=member_id).update(name="看过")
    return HttpResponse("ok")


def test_it_catches_a_get_that_writes(world: World) -> None:
    from django.test import override_settings

    import gonghui.urls

    module = type(gonghui.urls)("writing_urls")
    module.urlpatterns = [path("seen/<int:member_id>/", _counting_view, name="seen"),  # type: ignore[attr-defined]
                          *gonghui.urls.urlpatterns]  # fmt: skip
    with override_settings(ROOT_URLCONF=module):
        patterns = [route for route in routes() if route.name == "seen"]
        everyone, values = matrix.principals(world), matrix.records(world, world.a)
        found = writes_on_reads(everyone, values, patterns)
    assert f"district GET /seen/{world.a.member.pk}/ wrote ['members_member']" in found
