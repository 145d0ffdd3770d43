"""Every URL pattern of the project, requested by users at each level with records of a
sibling subtree: none may show them. A new page that forgets the scope fails here."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from gonghui.conftest import District, World
from gonghui.core.scope import ScopedModel
from gonghui.employers.models import Employer
from gonghui.imports.models import ImportJob
from gonghui.members.models import Member
from gonghui.orgs.models import Union

# Patterns that hold no organisation data, each with the reason.
EXEMPT = {
    "accounts:login": "the sign-in form",
    "accounts:logout": "signing out",
    "set_language": "switching the language",
}
# URL parameters that name no object but a value (a sample value each, for the walk).
VALUES = {
    "metric": "union_coverage",  # kpi drill-through: which figure
    "part": "denominator",  # … its numerator or its denominator
}
# Django admin is for the system administrator only and lists no business data; the
# admin test in accounts/tests checks that nobody else gets in.
EXEMPT_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: tuple[str, ...]


def routes(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace or ""
            if namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{ns}:{namespace}".strip(":") if namespace else ns
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{ns}:{entry.name}".strip(":") if entry.name else prefix + str(entry.pattern)
            yield Route(name, prefix + str(entry.pattern), tuple(entry.pattern.converters))


def find_leaks(world: World, usernames: list[str], sibling: District | None = None) -> list[str]:
    """Each (user, URL) that answers with a record of the sibling district (B by default)."""
    sibling = sibling or world.b
    outside = {
        Member: sibling.member,
        Employer: sibling.employer,
        Union: sibling.grassroots,
        ImportJob: _import_job(world, sibling),
    } | domain_samples(world, sibling)
    leaks: list[str] = []
    skipped = exempt()
    for username in usernames:
        client = Client(raise_request_exception=False)
        client.force_login(world.user(username))
        for route in routes():
            if route.name in skipped:
                continue
            leaks += _check(client, username, route, outside, sibling)
    return leaks


def _domain_modules() -> Iterator[ModuleType]:
    """Each app's `tests/scope_samples.py`, where a domain makes its own records of a district."""
    for app in apps.get_app_configs():
        if app.name.startswith("gonghui.") and (Path(app.path) / "tests/scope_samples.py").exists():
            yield importlib.import_module(f"{app.name}.tests.scope_samples")


def domain_samples(world: World, sibling: District) -> dict[type, object]:
    """`samples(world, district)` of every domain: one record per model named in a URL."""
    found: dict[type, object] = {}
    for module in _domain_modules():
        found |= module.samples(world, sibling)
    return found


def exempt() -> dict[str, str]:
    """Patterns that hold no organisation data: the walk's own and each domain's `EXEMPT`."""
    return EXEMPT | {
        name: reason for module in _domain_modules() for name, reason in module.EXEMPT.items()
    }


def _import_job(world: World, district: District) -> ImportJob:
    """An import of the district's cadre whose file name and problems name its member."""
    cadre = next(user for user in world.users.values() if user.org == district.federation)
    name = district.member.name
    return ImportJob.objects.create(
        kind="members", filename=f"{name}.csv", stored_name="x.csv", actor=cadre,
        scope_path=district.federation.path, state=ImportJob.State.DONE, bad_rows=1,
        problems=[[2, "姓名", name, "…"]],
    )  # fmt: skip


def _check(client: Client, username: str, route: Route, outside: dict, b: District) -> list[str]:
    if route.kwargs:
        values: dict[str, object] = {}
        for kwarg in (kwarg for kwarg in route.kwargs if kwarg not in VALUES):
            model = ScopedModel.registry.get(kwarg)
            assert model is not None, (
                f"{route.name}: URL parameter <{kwarg}> names no ScopedModel.url_kwarg; "
                "every object in a URL must be fetched through the scope"
            )
            assert model in outside, f"{route.name}: add a {model.__name__} of district B"
            values[kwarg] = outside[model].pk
        fixed = {kwarg: VALUES[kwarg] for kwarg in route.kwargs if kwarg in VALUES}
        url = "/" + _fill(route.route, values | fixed)
        missing = "/" + _fill(route.route, dict.fromkeys(values, 987654321) | fixed)
        found = []
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            expected = getattr(client, method)(missing).status_code
            # Outside the scope must look exactly like missing: same refusal, no content.
            if response.status_code != expected or response.status_code < 400:
                found.append(f"{username} {method.upper()} {url} → {response.status_code}")
        return found
    base = "/" + route.route
    probes = [
        "",
        f"?q={b.member.name[:1]}",
        f"?q={b.member.name_initials}",
        f"?q={b.member.id_number}",
        f"?q={b.member.mobile[-4:]}",
        f"?q={b.employer.credit_code}",
        f"?union={b.grassroots.pk}",
        f"?area={b.area.code}",
    ]
    # The names of B's records (a probe's own text is echoed in the search box, so the bare
    # mark is not enough to tell a leak).
    names = [b.member.name, b.employer.name, b.bare_employer.name, b.grassroots.name, b.street.name]
    found = []
    for probe in probes:
        response = client.get(base + probe)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content = body.decode("utf-8", errors="replace")
        shown = [name for name in names if name in content]
        if response.status_code < 400 and shown:
            found.append(f"{username} GET {base + probe} shows {shown}")
    return found


def _fill(route: str, values: dict[str, object]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda found: str(values[found.group(1)]), route)


def test_it_covers_every_url_parameter_with_a_scoped_model_or_a_sample_value() -> None:
    params = {kwarg for route in routes() for kwarg in route.kwargs}
    known = set(ScopedModel.registry) | set(VALUES)
    assert params <= known, params - known


@pytest.mark.django_db
def test_no_page_shows_a_sibling_subtree_to_any_level(world: World) -> None:
    users = ["city", "district", "street", "grassroots", "viewer", "sysadmin"]
    users.remove("city")  # the city sees district B by right; checked below for its own data
    assert find_leaks(world, users) == []


@pytest.mark.django_db
def test_the_district_of_b_does_not_see_a(world: World) -> None:
    assert find_leaks(world, ["district_b"], sibling=world.a) == []


@pytest.mark.django_db
def test_a_grassroots_cadre_does_not_see_an_employer_its_union_does_not_cover(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.user("grassroots"))
    bare = world.a.bare_employer
    assert client.get(f"/employers/{bare.pk}/").status_code == 404
    assert bare.name not in client.get("/employers/").content.decode()


def _leaky_member_view(request: HttpRequest, member_id: int) -> HttpResponse:
    return HttpResponse(Member.objects.get(pk=member_id).name)


leaky_urlpatterns = [path("leaky/<int:member_id>/", _leaky_member_view, name="leaky")]


@pytest.mark.django_db
def test_it_catches_a_view_that_forgets_the_scope(world: World) -> None:
    import gonghui.urls

    patterns = [*gonghui.urls.urlpatterns, *leaky_urlpatterns]
    module = type(gonghui.urls)("leaky_urls")
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    with override_settings(ROOT_URLCONF=module):
        leaks = find_leaks(world, ["district"])
    assert any("/leaky/" in leak for leak in leaks), leaks
