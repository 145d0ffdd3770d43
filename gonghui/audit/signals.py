"""Sign-in and sign-out enter the audit trail (failures and locks are written by
accounts/lockout.py): who, when, from where."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from gonghui.core import audit
from gonghui.core.http import client_address


@receiver(user_logged_in, dispatch_uid="gonghui.audit.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record("auth.success", request, user)


@receiver(user_logged_out, dispatch_uid="gonghui.audit.signed_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record("auth.logout", request, user)


def _record(action: str, request: HttpRequest | None, user: Any) -> None:
    audit.record(
        actor=user,
        action=action,
        remote_addr=client_address(request) if request is not None else None,
        username=user.get_username(),
    )
