"""The `--as USERNAME` of the security administrator's commands (unlock, totp)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.accounts.models import User


def command_actor(username: str | None) -> User | None:
    """The active user named by --as, or None (the command line itself) when it was not given."""
    if not username:
        return None
    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(_("No active user %(name)s.") % {"name": username})
    return actor
