"""Demo accounts (published names, one published password) cannot sign in under production
settings, on any sign-in page; in development they sign in as any account."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings

from gonghui.accounts.models import Role, User
from gonghui.conftest import PASSWORD, World
from gonghui.core.models import AuditEntry
from gonghui.demo.generator import DemoResult
from gonghui.demo.tests.conftest import tiny_city  # noqa: F401 - the fixture
from gonghui.portal.services import worker_username

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """The message is read in English here (its Chinese is the catalogue's business)."""
    settings.LANGUAGE_CODE = "en"


REFUSED = "Demo accounts cannot sign in to a production site."
MOBILE = "13900004444"
production = override_settings(PRODUCTION=True)


def sign_in(path: str, username: str, password: str = PASSWORD) -> tuple[Client, str]:
    client = Client()
    response = client.post(path, {"username": username, "password": password})
    page = response.content.decode() if response.status_code == 200 else response["Location"]
    return client, page


def demo(username: str) -> User:
    User.objects.filter(username=username).update(is_demo=True)
    return User.objects.get(username=username)


def test_the_demo_loader_marks_every_account_it_writes(tiny_city: DemoResult) -> None:  # noqa: F811
    accounts = User.objects.all()
    assert accounts.filter(role=Role.WORKER).exists() and accounts.filter(role=Role.CITY).exists()
    assert not accounts.filter(is_demo=False).exists()


@pytest.mark.parametrize(
    ("path", "username", "typed"),
    [
        ("/accounts/login/", "city", "city"),
        ("/admin/login/", "sysadmin", "sysadmin"),
        ("/portal/signin/", worker_username(MOBILE), MOBILE),
    ],
)
def test_production_refuses_a_demo_account_on_every_sign_in_page(
    world: World, path: str, username: str, typed: str
) -> None:
    User.objects.create_user(username=worker_username(MOBILE), password=PASSWORD, role=Role.WORKER)
    demo(username)
    with production:
        client, page = sign_in(path, typed)
        assert REFUSED in page
        assert SESSION_KEY not in client.session
        assert REFUSED in sign_in(path, typed, "Wrong-password-1")[1]  # the same whatever typed
    entry = AuditEntry.objects.filter(action="auth.refused_demo").first()
    assert entry is not None and entry.detail == {"username": username}
    assert entry.result == "refused"


def test_production_signs_in_an_account_that_is_not_a_demo(world: World) -> None:
    demo("city")
    with production:
        client, page = sign_in("/accounts/login/", "district")
    assert page == "/" and SESSION_KEY in client.session


def test_development_signs_in_a_demo_account(world: World) -> None:
    demo("city")
    client, page = sign_in("/accounts/login/", "city")
    assert page == "/" and SESSION_KEY in client.session
    assert not AuditEntry.objects.filter(action="auth.refused_demo").exists()
