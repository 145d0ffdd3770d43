"""Locking a username after repeated failed sign-ins (等保 2.0: 登录失败处理).

Counting: the `user_login_failed` signal, which `django.contrib.auth.authenticate` sends for
every failed attempt of every sign-in form (cadres, the worker portal, Django admin).
Refusing: `LockoutGuard`, the first of `AUTHENTICATION_BACKENDS`. It authenticates nobody;
while the username is locked it raises `AccountLockedError`, a `ValidationError` that
`authenticate` lets through, so the form shows it whatever password was typed and the real
backend never checks the password. It has no `get_user`, so sessions and `force_login` keep
naming `ModelBackend`. `DemoAccountGuard`, second, refuses demo accounts the same way
under production settings.

The counts are rows (`SignInFailures`), shared by every gunicorn worker; each attempt locks
its row (`select_for_update`), so parallel attempts cannot both read the same count.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import SignInFailures, User
from gonghui.core import audit
from gonghui.core.http import client_address


class AccountLockedError(ValidationError):
    """The username is locked; said the same whether or not the password was right."""


class LockoutGuard:
    """An authentication backend that only refuses locked usernames."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, **credentials: Any
    ) -> None:
        if username and is_locked(username):
            audit.record(actor=None, action="auth.failure", result="locked",
                         remote_addr=_address(request), username=username)  # fmt: skip
            raise AccountLockedError(locked_message(), code="locked")


class DemoAccountRefusedError(ValidationError):
    """A demo account tried to sign in under production settings."""


class DemoAccountGuard:
    """An authentication backend that refuses demo accounts (`User.is_demo`) under production
    settings, whatever password was typed: their names and password are published."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, **credentials: Any
    ) -> None:
        if not (username and settings.PRODUCTION):
            return
        if User.objects.filter(username=username, is_demo=True).exists():
            audit.record(actor=None, action="auth.refused_demo", result="refused",
                         remote_addr=_address(request), username=username)  # fmt: skip
            raise DemoAccountRefusedError(
                _("Demo accounts cannot sign in to a production site."), code="demo"
            )


def locked_message() -> str:
    return _(
        "This account is locked for %(minutes)d minutes after too many failed "
        "sign-ins. Try again later, or ask the security administrator to unlock it."
    ) % {"minutes": settings.GONGHUI_LOGIN_LOCK_MINUTES}


def is_locked(username: str) -> bool:
    return SignInFailures.objects.filter(
        username=username, locked_until__gt=timezone.now()
    ).exists()


def failure_count(*, username: str, remote_addr: str | None, **detail: Any) -> bool:
    """Count one failed sign-in of `username` (a wrong password, or a wrong code at the second
    step, told apart by `detail`); lock it at the N-th failure within the window. Returns
    whether this failure locked it."""
    now = timezone.now()
    window = timedelta(minutes=settings.GONGHUI_LOGIN_WINDOW_MINUTES)
    with transaction.atomic():
        row, _created = SignInFailures.objects.select_for_update().get_or_create(username=username)
        if row.window_started_at is None or row.window_started_at <= now - window:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        audit.record(actor=None, action="auth.failure", result="refused", remote_addr=remote_addr,
                     username=username, failures=row.failures, **detail)  # fmt: skip
        locks = row.failures >= settings.GONGHUI_LOGIN_MAX_FAILURES
        if locks:
            row.locked_until = now + timedelta(minutes=settings.GONGHUI_LOGIN_LOCK_MINUTES)
            audit.record(actor=None, action="auth.locked", result="refused",
                         remote_addr=remote_addr, username=username, failures=row.failures,
                         until=row.locked_until.isoformat())  # fmt: skip
            row.failures, row.window_started_at = 0, None
        row.save()
    return locks


def failures_clear(username: str) -> bool:
    """Forget the failures and any lock of `username`. Returns whether it was locked."""
    was_locked = is_locked(username)
    SignInFailures.objects.filter(username=username).delete()
    return was_locked


@receiver(user_login_failed, dispatch_uid="gonghui.accounts.lockout.count")
def _count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # `credentials` arrive with the password already blanked out by Django.
    if username := credentials.get("username"):
        failure_count(username=str(username)[:150], remote_addr=_address(request))


@receiver(user_logged_in, dispatch_uid="gonghui.accounts.lockout.reset")
def _reset_on_success(sender: Any, user: Any, **kwargs: Any) -> None:
    SignInFailures.objects.filter(username=user.get_username()).delete()


def _address(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else None
