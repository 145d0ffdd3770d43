"""Writes on accounts: unlocking a username locked by failed sign-ins, resetting two-step
sign-in."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts import lockout
from gonghui.accounts.models import Role, TotpDevice
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


def totp_device_reset(*, actor: Any, username: str, remote_addr: str | None = None) -> bool:
    """Remove the app of `username` (lost phone): the security administrator's task
    (三权分立); `actor=None` is the command line. The next sign-in sets up a new app where one
    is required. Returns whether there was one."""
    if actor is not None and getattr(actor, "role", None) != Role.SECURITY_ADMIN:
        refuse(_("Only the security administrator resets two-step sign-in."), code="not_secadmin")
    with transaction.atomic():
        deleted, _rows = TotpDevice.objects.filter(user__username=username).delete()
        audit.record(actor=actor, action="auth.totp_reset", remote_addr=remote_addr,
                     username=username, had_device=bool(deleted))  # fmt: skip
    return bool(deleted)
