"""CSRF (等保 2.0 三级: 防止跨站请求伪造) on every URL pattern: a POST, PUT, PATCH or DELETE without
the token is refused by the CSRF check and changes nothing, for a signed-in cadre, a worker and
an anonymous visitor (the sign-in forms included), on the API too when the session signs it.
Only an API call signed by a token (no cookie a browser would send) needs no CSRF token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from gonghui.accounts.models import Role
from gonghui.api.services import token_create
from gonghui.conftest import World
from gonghui.core.tests.test_scope_walk import Route, routes
from gonghui.members.models import Member
from gonghui.testing import matrix

pytestmark = pytest.mark.django_db

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
REFUSED_BY_CSRF = "X-Refused-By-CSRF"


def csrf_refused(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF failure view for these tests: a 403 that says the CSRF check refused it."""
    return HttpResponse(reason, status=403, headers={REFUSED_BY_CSRF: "1"})


def _principal(world: World, username: str | None) -> matrix.Principal:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    user = world.user(username) if username else None
    if user is not None:
        client.force_login(user)
    return matrix.Principal(username or matrix.ANONYMOUS, client, user)


def not_refused(world: World, usernames: list[str | None], patterns: list[Route]) -> list[str]:
    """Each unsafe request without a CSRF token that the CSRF check let through."""
    matrix.principals(world)  # the worker and the other roles' users
    values = matrix.records(world, world.a)
    found = []
    with override_settings(CSRF_FAILURE_VIEW=f"{__name__}.csrf_refused"):
        for principal in (_principal(world, name) for name in usernames):
            for route, method in _requests(patterns):
                url = matrix._url(route, {k: values[k].pk for k in route.kwargs if k in values})
                response = principal.client.generic(method, url)
                refused = REFUSED_BY_CSRF in response or b"CSRF Failed" in response.content
                # A page takes no PUT, PATCH or DELETE at all (core/security.py): 405.
                refused = refused or response.status_code == 405
                # Without a session nothing signs an API call: 401 before any CSRF question.
                unsigned = principal.user is None and response.status_code == 401
                # DRF checks CSRF inside the view: a worker is refused at the door before it.
                worker = getattr(principal.user, "role", None) == Role.WORKER
                door = worker and response.status_code == 403
                if not (refused or ((unsigned or door) and matrix.is_endpoint(route))):
                    found.append(f"{principal.name} {method} {url} → {response.status_code}")
    return found


def _requests(patterns: list[Route]) -> Iterator[tuple[Route, str]]:
    for route in patterns:
        yield from ((route, method) for method in UNSAFE)


def test_every_unsafe_request_needs_the_csrf_token(world: World) -> None:
    """Signed in (a cadre, a worker) or not: refused, and (in a rolled-back savepoint, with
    every write statement seen) nothing written."""
    assert not_refused(world, ["district", "worker", None], list(routes())) == []


def test_nothing_changes_when_the_csrf_check_refuses(world: World) -> None:
    principal = _principal(world, "district")
    values = matrix.records(world, world.a)
    with override_settings(CSRF_FAILURE_VIEW=f"{__name__}.csrf_refused"):
        for route, method in _requests(list(routes())):
            url = matrix._url(route, {k: values[k].pk for k in route.kwargs if k in values})
            status, _location, wrote = matrix.request(principal, method, url)
            assert (status, wrote) == (403, set()), f"{method} {url}"


def test_a_token_signed_api_call_needs_no_csrf_token(world: World) -> None:
    issued = token_create(actor=None, union=world.a.federation, name="人社局", access="read")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {issued.secret}"})
    assert client.get("/api/v1/members/").status_code == 200
    # A read token may not write: refused by the permission, not by CSRF.
    refused = client.post("/api/v1/members/", {}, content_type="application/json")
    assert refused.status_code == 403 and b"CSRF" not in refused.content


def test_a_session_signed_api_write_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("district"))
    response = client.post("/api/v1/members/", {}, content_type="application/json")
    assert response.status_code == 403 and b"CSRF Failed" in response.content


def _exempt_view(request: HttpRequest) -> HttpResponse:
    Member.objects.update(name="改")
    return HttpResponse("ok")


def test_it_catches_a_view_exempt_from_csrf(world: World) -> None:
    from django.views.decorators.csrf import csrf_exempt

    import gonghui.urls

    module = type(gonghui.urls)("exempt_urls")
    module.urlpatterns = [path("exempt/", csrf_exempt(_exempt_view), name="exempt"),  # type: ignore[attr-defined]
                          *gonghui.urls.urlpatterns]  # fmt: skip
    with override_settings(ROOT_URLCONF=module):
        patterns = [route for route in routes() if route.name == "exempt"]
        assert not_refused(world, ["district"], patterns) == ["district POST /exempt/ → 200"]
