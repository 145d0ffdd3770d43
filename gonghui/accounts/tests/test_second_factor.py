"""Two-step sign-in: the password alone does not sign in where a second factor is needed; the
app's code does, once; wrong codes count into the lockout; setting up an app; the reset."""

from __future__ import annotations

import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import Client

from gonghui.accounts import totp
from gonghui.accounts.middleware import SIGNED_IN_AT
from gonghui.accounts.models import ADMIN_ROLES, Role, SignInFailures, TotpDevice, User
from gonghui.accounts.second_factor import PENDING
from gonghui.conftest import PASSWORD, World
from gonghui.core import crypto
from gonghui.core.models import AuditEntry
from gonghui.core.tests.test_production import production, run
from gonghui.portal.services import worker_username

pytestmark = pytest.mark.django_db

LOGIN, VERIFY, ENROL = "/accounts/login/", "/accounts/login/code/", "/accounts/two-step/"
LOCKED = "after too many failed sign-ins"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """The messages are read in English here (their Chinese is the catalogue's business)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def required(settings: Any) -> None:
    settings.GONGHUI_TOTP_REQUIRED = True


def with_app(user: User) -> str:
    """Give `user` a confirmed authenticator app; return its secret."""
    secret = totp.new_secret()
    TotpDevice.objects.create(user=user, secret_cipher=crypto.encrypt(secret),
                              confirmed_at="2026-01-01T00:00Z")  # fmt: skip
    return secret


def password(client: Client, username: str = "district", path: str = LOGIN) -> Any:
    return client.post(path, {"username": username, "password": PASSWORD, "next": "/members/"})


def next_code(secret: str) -> str:
    """The code of the next step: still in the window, and newer than any code used so far."""
    return totp.code(secret, at=time.time() + totp.STEP_SECONDS)


def wrong(secret: str) -> str:
    return f"{(int(totp.code(secret)) + 1) % 10**6:06d}"


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_the_password_alone_does_not_sign_in_when_required(world: World, required: None) -> None:
    with_app(world.user("district"))
    client = Client()
    response = password(client)
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert not signed_in(client)
    for page in ("/members/", "/", "/accounts/security/"):
        assert client.get(page)["Location"].startswith(f"{LOGIN}?next=")


def test_the_right_code_signs_in_and_goes_where_asked(world: World, required: None) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    response = client.post(VERIFY, {"code": totp.code(secret)})
    assert response.status_code == 302 and response["Location"] == "/members/"
    assert client.session[SESSION_KEY] == str(world.user("district").pk)
    assert PENDING not in client.session and client.get("/members/").status_code == 200
    entry = AuditEntry.objects.get(action="auth.totp_passed")
    assert entry.actor == world.user("district") and entry.remote_addr == "127.0.0.1"


def test_a_wrong_code_is_refused_counted_and_audited(world: World, required: None) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    response = client.post(VERIFY, {"code": wrong(secret)})
    assert response.status_code == 200 and not signed_in(client)
    assert "The code is wrong" in response.content.decode()
    assert SignInFailures.objects.get(username="district").failures == 1
    entry = AuditEntry.objects.get(action="auth.failure")
    assert entry.detail | {"failures": 1} == {"username": "district", "failures": 1,
                                              "factor": "totp", "reason": "wrong"}  # fmt: skip
    assert client.post(VERIFY, {"code": totp.code(secret)})["Location"] == "/members/"


def test_wrong_codes_lock_the_account_like_wrong_passwords(world: World, required: None) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong(secret)}).status_code == 200
    response = client.post(VERIFY, {"code": wrong(secret)}, follow=True)
    assert response.redirect_chain == [(LOGIN, 302)]
    assert LOCKED in response.content.decode()
    assert PENDING not in client.session
    assert client.post(VERIFY, {"code": totp.code(secret)})["Location"] == LOGIN
    assert LOCKED in password(Client()).content.decode()  # the right password is refused too


def test_a_code_is_accepted_once(world: World, required: None) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    used = totp.code(secret)
    client.post(VERIFY, {"code": used})
    client.post("/accounts/logout/")
    password(client)
    response = client.post(VERIFY, {"code": used})
    assert response.status_code == 200 and not signed_in(client)
    assert AuditEntry.objects.get(action="auth.failure").detail["reason"] == "replayed"
    assert client.post(VERIFY, {"code": next_code(secret)})["Location"] == "/members/"


def test_the_second_step_expires_after_five_minutes(world: World, required: None) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    session = client.session
    session[PENDING]["at"] -= 5 * 60 + 1
    session.save()
    response = client.post(VERIFY, {"code": totp.code(secret)}, follow=True)
    assert response.redirect_chain == [(LOGIN, 302)] and not signed_in(client)
    assert "within five minutes" in response.content.decode()


def test_the_second_step_without_a_password_goes_back_to_sign_in(world: World) -> None:
    assert Client().get(VERIFY)["Location"] == LOGIN
    assert Client().get(ENROL)["Location"] == LOGIN


def test_a_user_without_an_app_sets_one_up_before_being_signed_in(
    world: World, required: None
) -> None:
    client = Client()
    assert password(client)["Location"] == ENROL
    page = client.get(ENROL)
    secret = page.context["secret"].replace(" ", "")
    html = page.content.decode()
    assert page.context["secret"] in html and "<svg" in html and not signed_in(client)
    assert client.get(ENROL).context["secret"] == page.context["secret"]  # the same on reload
    device = TotpDevice.objects.get(user=world.user("district"))
    assert device.confirmed_at is None and secret.encode() not in bytes(device.secret_cipher)
    assert crypto.decrypt(device.secret_cipher) == secret
    assert client.post(ENROL, {"code": wrong(secret)}).status_code == 200
    assert not signed_in(client)
    response = client.post(ENROL, {"code": totp.code(secret)})
    assert response["Location"] == "/members/" and signed_in(client)
    device.refresh_from_db()
    assert device.confirmed_at is not None
    assert AuditEntry.objects.filter(action="auth.totp_enrolled", actor=device.user).exists()


def test_every_role_of_the_sign_in_page_needs_the_second_step(world: World, required: None) -> None:
    for role in (Role.VIEWER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR, Role.CITY):
        User.objects.create_user(username=f"u-{role}", password=PASSWORD, role=role,
                                 org=None if role in ADMIN_ROLES else world.city)  # fmt: skip
        client = Client()
        assert password(client, f"u-{role}")["Location"] == ENROL and not signed_in(client)


def test_a_worker_signs_in_at_the_portal_without_a_second_step(
    world: World, required: None
) -> None:
    mobile = "13900003333"
    worker = User.objects.create_user(username=worker_username(mobile), password=PASSWORD,
                                      role=Role.WORKER)  # fmt: skip
    client = Client()
    response = client.post("/portal/signin/", {"username": mobile, "password": PASSWORD})
    assert response["Location"] == "/portal/my/" and signed_in(client)
    assert client.get(ENROL).status_code == 403
    assert client.get("/accounts/security/").status_code == 403
    assert not TotpDevice.objects.filter(user=worker).exists()


def test_django_admins_sign_in_page_sends_to_the_two_step_one(world: World, required: None) -> None:
    client = Client()
    for response in (client.get("/admin/login/?next=/admin/"),
                     password(client, "sysadmin", "/admin/login/?next=/admin/")):  # fmt: skip
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next=/admin/"
    assert not signed_in(client)


def test_a_signed_in_cadre_still_sees_django_admins_own_page(world: World, required: None) -> None:
    client = Client()
    client.post(LOGIN, {"username": "city", "password": PASSWORD})
    secret = client.get(ENROL).context["secret"].replace(" ", "")
    client.post(ENROL, {"code": totp.code(secret)})
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]


def test_no_other_form_signs_in_with_the_password_alone(world: World, settings: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.user("city"))
    settings.GONGHUI_TOTP_REQUIRED = True
    response = password(client, "sysadmin", "/admin/login/?next=/admin/")
    assert response.status_code == 403 and not signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert AuditEntry.objects.get(action="auth.failure").detail["reason"] == "not_checked"


def test_the_sign_in_rate_counts_the_codes_too(world: World, required: None, settings: Any) -> None:
    settings.GONGHUI_LOGIN_RATE = 1
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    assert client.post(VERIFY, {"code": totp.code(secret)}).status_code == 429


def test_the_session_limits_start_at_the_second_step(world: World, required: None) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    password(client)
    assert SIGNED_IN_AT not in client.session
    client.post(VERIFY, {"code": totp.code(secret)})
    assert time.time() - client.session[SIGNED_IN_AT] < 60
    assert client.get(LOGIN)["Location"] == "/"  # signed in: the sign-in page sends home


def test_without_the_requirement_the_password_alone_signs_in(world: World) -> None:
    client = Client()
    assert password(client)["Location"] == "/members/" and signed_in(client)


def test_without_the_requirement_a_user_who_set_up_an_app_is_still_asked(world: World) -> None:
    secret = with_app(world.user("district"))
    client = Client()
    assert password(client)["Location"] == VERIFY and not signed_in(client)
    assert client.post(VERIFY, {"code": totp.code(secret)})["Location"] == "/members/"


def test_a_signed_in_user_sets_up_an_app_from_the_security_page(world: World) -> None:
    client = Client()
    client.force_login(world.user("district"))
    assert "Two-step sign-in is off" in client.get("/accounts/security/").content.decode()
    secret = client.get(ENROL).context["secret"].replace(" ", "")
    response = client.post(ENROL, {"code": totp.code(secret)}, follow=True)
    assert response.redirect_chain == [("/accounts/security/", 302)]
    assert "Two-step sign-in is on" in response.content.decode()
    assert client.get(ENROL)["Location"] == "/accounts/security/"
    client.post("/accounts/logout/")
    assert password(client)["Location"] == VERIFY


def secadmin() -> User:
    return User.objects.create_user(username="secadmin", password=PASSWORD,
                                    role=Role.SECURITY_ADMIN)  # fmt: skip


def test_the_security_administrator_resets_an_app_and_it_is_audited(
    world: World, required: None
) -> None:
    with_app(world.user("district"))
    out = StringIO()
    call_command("totp", "reset", "district", "--as", secadmin().username, stdout=out)
    assert "removed" in out.getvalue()
    assert not TotpDevice.objects.exists()
    entry = AuditEntry.objects.get(action="auth.totp_reset")
    assert entry.actor.username == "secadmin" and entry.detail["had_device"] is True
    assert password(Client())["Location"] == ENROL  # the next sign-in sets up a new app


def test_nobody_else_resets_an_app(world: World) -> None:
    with_app(world.user("district"))
    with pytest.raises(CommandError, match="Only the security administrator"):
        call_command("totp", "reset", "district", "--as", "city")
    with pytest.raises(CommandError, match="No user"):
        call_command("totp", "reset", "nobody")
    assert (
        TotpDevice.objects.exists()
        and not AuditEntry.objects.filter(action="auth.totp_reset").exists()
    )


REQUIRED = [sys.executable, "-c", "import gonghui.settings as s; print(s.GONGHUI_TOTP_REQUIRED)"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "True"),
        ({"GONGHUI_TOTP_REQUIRED": "false"}, "False"),
        ({"GONGHUI_ENV": None, "SECRET_KEY": None, "GONGHUI_ALLOWED_HOSTS": None}, "False"),
    ],
)
def test_production_requires_the_second_step_unless_switched_off(
    tmp_path: Path, changes: dict[str, str | None], expected: str
) -> None:
    result = run(REQUIRED, production(tmp_path, **changes))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
