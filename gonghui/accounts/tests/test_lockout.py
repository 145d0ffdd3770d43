"""Locking a username after repeated failed sign-ins, on both sign-in pages, and unlocking."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.accounts.lockout import is_locked
from gonghui.accounts.models import Role, SignInFailures, User
from gonghui.accounts.services import account_unlock
from gonghui.conftest import PASSWORD, World
from gonghui.core.models import AuditEntry
from gonghui.portal.services import worker_username

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """The messages are read in English here (their Chinese is the catalogue's business)."""
    settings.LANGUAGE_CODE = "en"


LOCKED = "after too many failed sign-ins"
WRONG = "Wrong-password-1"


def sign_in(
    client: Client, password: str, username: str = "district", path: str = "/accounts/login/"
) -> str:
    response = client.post(path, {"username": username, "password": password})
    return response.content.decode() if response.status_code == 200 else response["Location"]


def fail(times: int, username: str = "district", path: str = "/accounts/login/") -> None:
    for _ in range(times):
        assert LOCKED not in sign_in(Client(), WRONG, username, path)


def lock_ends() -> None:
    SignInFailures.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))


def test_the_right_password_still_works_after_one_failure_too_few(world: World) -> None:
    fail(4)
    client = Client()
    assert sign_in(client, PASSWORD) == "/"
    assert SignInFailures.objects.filter(username="district").count() == 0  # success forgets


def test_the_fifth_failure_locks_and_the_right_password_is_refused(world: World) -> None:
    fail(5)
    client = Client()
    page = sign_in(client, PASSWORD)
    assert LOCKED in page
    assert SESSION_KEY not in client.session
    assert LOCKED in sign_in(Client(), WRONG)  # the same answer: nothing told about the password


def test_the_right_password_works_again_when_the_lock_ends(world: World) -> None:
    fail(5)
    lock_ends()
    client = Client()
    assert sign_in(client, PASSWORD) == "/"
    assert client.session[SESSION_KEY] == str(world.user("district").pk)


def test_failures_older_than_the_window_do_not_count(world: World) -> None:
    fail(4)
    SignInFailures.objects.update(window_started_at=timezone.now() - dt.timedelta(minutes=16))
    fail(1)
    assert not is_locked("district")
    assert sign_in(Client(), PASSWORD) == "/"


def test_the_number_of_failures_is_a_setting(world: World, settings: object) -> None:
    settings.GONGHUI_LOGIN_MAX_FAILURES = 2  # type: ignore[attr-defined]
    fail(2)
    assert LOCKED in sign_in(Client(), PASSWORD)


def test_each_failure_and_the_lock_are_audited_without_the_password(world: World) -> None:
    fail(5)
    sign_in(Client(), PASSWORD)
    failures = AuditEntry.objects.filter(action="auth.failure").order_by("pk")
    assert [e.result for e in failures] == ["refused"] * 5 + ["locked"]
    assert {e.remote_addr for e in failures} == {"127.0.0.1"}
    assert {e.detail["username"] for e in failures} == {"district"}
    lock = AuditEntry.objects.get(action="auth.locked")
    assert lock.detail["failures"] == 5 and lock.remote_addr == "127.0.0.1"
    trail = json.dumps([e.detail for e in AuditEntry.objects.all()])
    assert WRONG not in trail and PASSWORD not in trail


def test_an_unknown_username_locks_the_same_way(world: World) -> None:
    fail(5, username="nobody")
    assert LOCKED in sign_in(Client(), WRONG, username="nobody")


def test_the_worker_portal_locks_too(world: World) -> None:
    mobile = "13900003333"
    User.objects.create_user(username=worker_username(mobile), password=PASSWORD, role=Role.WORKER)
    fail(5, username=mobile, path="/portal/signin/")
    client = Client()
    assert LOCKED in sign_in(client, PASSWORD, username=mobile, path="/portal/signin/")
    assert SESSION_KEY not in client.session
    lock_ends()
    assert sign_in(Client(), PASSWORD, username=mobile, path="/portal/signin/") == "/portal/my/"


def test_the_security_administrator_unlocks_and_it_is_audited(world: World) -> None:
    secadmin = User.objects.create_user(
        username="secadmin", password=PASSWORD, role=Role.SECURITY_ADMIN
    )
    fail(5)
    assert account_unlock(actor=secadmin, username="district") is True
    assert sign_in(Client(), PASSWORD) == "/"
    entry = AuditEntry.objects.get(action="auth.unlocked")
    assert entry.actor == secadmin and entry.detail == {"username": "district", "was_locked": True}


@pytest.mark.parametrize("username", ["city", "sysadmin"])
def test_nobody_else_unlocks(world: World, username: str) -> None:
    fail(5)
    with pytest.raises(ValidationError):
        account_unlock(actor=world.user(username), username="district")
    assert is_locked("district")
    assert not AuditEntry.objects.filter(action="auth.unlocked").exists()


def test_the_unlock_command_lifts_the_lock(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    fail(5)
    call_command("unlock", "district")
    assert not is_locked("district")
    assert "district" in capsys.readouterr().out
    assert AuditEntry.objects.get(action="auth.unlocked").actor is None
