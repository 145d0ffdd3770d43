"""Production settings (`GONGHUI_ENV=production`): Django's deployment check is clean, the
start is refused without what a real site needs, and every page carries a Content Security
Policy that its own HTML and scripts keep to (no inline code, no handler attributes)."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from playwright.sync_api import ConsoleMessage, Page, expect

from gonghui.cases.models import Case
from gonghui.conftest import PASSWORD, District, World
from gonghui.core.scope import ScopedModel
from gonghui.core.tests.test_scope_walk import VALUES, _fill, _import_job, domain_samples, routes
from gonghui.employers.models import Employer
from gonghui.imports.models import ImportJob
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.portal.tests.conftest import WORKER_PASSWORD, enrol, outbox, worker  # noqa: F401
from gonghui.testing.browser import login

# The command of README "Production": it must print no issue at all.
DEPLOY_CHECK = ["uv", "run", "gonghui", "check", "--deploy", "--fail-level", "WARNING"]
SETTINGS = [sys.executable, "-c", "import json, gonghui.settings as s; print(json.dumps({"
            "k: getattr(s, k, None) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
            "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
            "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', "
            "'ALLOWED_HOSTS', 'SECRET_KEY')}))"]  # fmt: skip
YEAR = 365 * 24 * 3600
# Data blocks (`json_script`: type="application/json") are never run, so the policy allows them.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE
)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)


def production(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """The environment of a production start with its own data directory; `None` unsets."""
    env = {
        name: value
        for name, value in os.environ.items()
        # nor the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which the deployment check refuses
        if not name.startswith(("GONGHUI_", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env |= {
        "GONGHUI_ENV": "production",
        "GONGHUI_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGHUI_ALLOWED_HOSTS": "gonghui.example.cn",
    }
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed programs, arguments not from a shell
        command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )


def production_settings(env: dict[str, str]) -> dict[str, object]:
    result = run(SETTINGS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deployment_check_finds_no_issue_under_production_settings(tmp_path: Path) -> None:
    result = run(DEPLOY_CHECK, production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_fails_on_a_weak_key(tmp_path: Path) -> None:
    result = run(DEPLOY_CHECK, production(tmp_path, SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_sends_cookies_and_pages_over_https_only(tmp_path: Path) -> None:
    found = production_settings(production(tmp_path))
    assert found["DEBUG"] is False
    assert found["SESSION_COOKIE_SECURE"] is True and found["CSRF_COOKIE_SECURE"] is True
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_HSTS_SECONDS"] == YEAR and found["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert found["SECURE_HSTS_PRELOAD"] is False
    assert found["SECURE_PROXY_SSL_HEADER"] is None  # a forged X-Forwarded-Proto counts not
    assert found["ALLOWED_HOSTS"] == ["gonghui.example.cn"]


def test_behind_a_tls_proxy_the_forwarded_protocol_counts(tmp_path: Path) -> None:
    found = production_settings(production(tmp_path, GONGHUI_BEHIND_TLS_PROXY="1"))
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["SECURE_SSL_REDIRECT"] is True


def test_production_reads_the_key_from_a_file(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("k" * 60 + "\n", encoding="utf-8")
    env = production(tmp_path, SECRET_KEY=None, SECRET_KEY_FILE=str(key))
    assert production_settings(env)["SECRET_KEY"] == "k" * 60


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"GONGHUI_DEBUG": "true"}, "GONGHUI_DEBUG must be off with GONGHUI_ENV=production"),
        ({"GONGHUI_ALLOWED_HOSTS": None}, "GONGHUI_ALLOWED_HOSTS is required"),
        ({"SECRET_KEY": None}, "SECRET_KEY or SECRET_KEY_FILE is required"),
    ],
)
def test_production_refuses_to_start_without_what_a_site_needs(
    tmp_path: Path, changes: dict[str, str | None], message: str
) -> None:
    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
    result = run(SETTINGS, production(tmp_path, **changes))
    assert result.returncode != 0
    assert message in result.stderr


def test_development_generates_its_key_and_answers_on_this_machine(tmp_path: Path) -> None:
    env = production(tmp_path, GONGHUI_ENV=None, SECRET_KEY=None, GONGHUI_ALLOWED_HOSTS=None)
    found = production_settings(env)
    assert found["SECRET_KEY"] == (tmp_path / "secret_key").read_text(encoding="utf-8")
    assert "localhost" in found["ALLOWED_HOSTS"] and found["SECURE_SSL_REDIRECT"] is False


def samples(world: World, district: District) -> dict[type, object]:
    """One record of each model a URL names, inside `district`."""
    return {
        Member: district.member,
        Employer: district.employer,
        Union: district.grassroots,
        ImportJob: _import_job(world, district),
    } | domain_samples(world, district)


def csp_problems(client: Client, records: dict[type, object]) -> list[str]:
    """Each GET of a URL pattern without the policy header, or whose HTML holds inline code."""
    problems = []
    for route in routes():
        values = {
            kwarg: VALUES[kwarg] if kwarg in VALUES else records[ScopedModel.registry[kwarg]].pk
            for kwarg in route.kwargs
        }
        url = "/" + _fill(route.route, values)
        response = client.get(url)
        if response.headers.get("Content-Security-Policy") != settings.GONGHUI_CSP:
            problems.append(f"{url}: no Content-Security-Policy")
        if response.streaming or "html" not in response.headers.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", errors="replace")
        for kind, pattern in (("script", INLINE_SCRIPT), ("handler", HANDLER),
                              ("style", INLINE_STYLE)):  # fmt: skip
            if found := pattern.search(html):
                problems.append(f"{url}: inline {kind} {found.group(0)[:80]}")
    return problems


@pytest.mark.django_db
def test_every_page_has_the_policy_and_no_inline_code(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.user("district"))
    assert csp_problems(client, samples(world, world.a)) == []


def _inline_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse('<p>x</p><script>alert(1)</script><img src=x onerror="alert(2)">')


@pytest.mark.django_db
def test_the_walk_catches_inline_code_and_a_missing_header(world: World) -> None:
    import gonghui.urls

    module = type(gonghui.urls)("inline_urls")
    module.urlpatterns = [*gonghui.urls.urlpatterns, path("inline/", _inline_view)]  # type: ignore[attr-defined]
    client = Client(raise_request_exception=False)
    client.force_login(world.user("district"))
    middleware = [
        m for m in settings.MIDDLEWARE if not m.endswith("ContentSecurityPolicyMiddleware")
    ]
    with override_settings(ROOT_URLCONF=module, MIDDLEWARE=middleware):
        problems = csp_problems(client, samples(world, world.a))
    assert "/inline/: inline script <script>" in problems
    assert any(problem.startswith("/inline/: inline handler") for problem in problems)
    assert "/: no Content-Security-Policy" in problems


def violations(page: Page) -> list[str]:
    """The browser's console reports of anything the policy blocked, as they come."""
    found: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", keep)
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_work_with_the_policy_in_a_browser(
    page: Page,
    live_server: object,
    world: World,
    worker: object,  # noqa: F811
) -> None:
    enrol(world, world.a.employer)
    case = domain_samples(world, world.a)[Case]
    blocked = violations(page)
    login(page, live_server, "city", PASSWORD)
    for url, shown in [
        ("/", "main"),
        ("/kpi/", "canvas"),
        ("/members/", "main table"),
        (f"/cases/{case.pk}/", "main"),
        ("/api/v1/docs/", ".swagger-ui .info"),
    ]:
        page.goto(f"{live_server}{url}")
        expect(page.locator(shown).first).to_be_visible()
    page.context.clear_cookies()
    login(page, live_server, "13900001111", WORKER_PASSWORD, path="/portal/signin/")
    page.goto(f"{live_server}/portal/card/")
    expect(page.locator("svg.card-qr")).to_be_visible()
    assert blocked == [], "\n".join(blocked)


@pytest.mark.django_db
def test_a_page_refuses_methods_its_forms_do_not_send(world: World) -> None:
    client = Client()
    client.force_login(world.user("district"))
    member = world.a.member
    for method in ("put", "patch", "delete", "options"):
        response = getattr(client, method)(f"/members/{member.pk}/edit/")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD, POST"
    assert client.get(f"/members/{member.pk}/edit/").status_code == 200
