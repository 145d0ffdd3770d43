"""Writes on accounts: unlocking a username locked by failed sign-ins."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts import lockout
from gonghui.accounts.models import Role
from gonghui.core import audit
from gonghui.core.services import refuse


def account_unlock(*, actor: Any, username: str, remote_addr: str | None = None) -> bool:
    """Lift the lock (and forget the failures) of `username`: the security administrator's
    task (三权分立); `actor=None` is the command line. Returns whether it was locked."""
    if actor is not None and getattr(actor, "role", None) != Role.SECURITY_ADMIN:
        refuse(_("Only the security administrator unlocks accounts."), code="not_secadmin")
    with transaction.atomic():
        was_locked = lockout.failures_clear(username)
        audit.record(actor=actor, action="auth.unlocked", remote_addr=remote_addr,
                     username=username, was_locked=was_locked)  # fmt: skip
    return was_locked
