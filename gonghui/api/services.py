"""Issuing and revoking API tokens; each change audited in its transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.api.models import PREFIX_LENGTH, ApiToken, secret_hash
from gonghui.core import audit
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.orgs.models import Union

# Not a secret: tells a Gonghui token apart in a partner's configuration or a leak scan.
SECRET_MARK = "gh_"  # noqa: S105
DEFAULT_DAYS = 365
MAX_DAYS = 3 * 365
# A token's use is written at most this often: a write per request would cost more than a read.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
AUDITED_FIELDS = ["name", "union", "access", "prefix", "expires_at"]


class IssuedToken(NamedTuple):
    token: ApiToken
    secret: str  # shown once, never stored


def token_create(
    *, actor: Any, union: Union, name: str, access: str, days: int = DEFAULT_DAYS
) -> IssuedToken:
    """Issue a token bound to `union`'s subtree. `actor=None` is the command line."""
    if actor is not None:
        require_editor(actor)
        require_visible(actor, union, "union")
    name = " ".join(name.split())
    if not name:
        refuse(_("Name the partner agency the token is for."), code="required", field="name")
    if not 1 <= days <= MAX_DAYS:
        message = _("A token is valid for 1 to %(max)d days.") % {"max": MAX_DAYS}
        refuse(message, code="days", field="days")
    secret = SECRET_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        union=union,
        access=ApiToken.Access(access),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=secret_hash(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=actor,
    )
    with transaction.atomic():
        token.save()
        after = snapshot(token, AUDITED_FIELDS)
        audit.record(actor=actor, action="api_token.create", obj=token, after=after)
    return IssuedToken(token, secret)


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Stop a token at once; it stays listed, with the time it was revoked."""
    if actor is not None:
        require_editor(actor)
        require_visible(actor, token, None)
    if token.revoked_at is not None:
        refuse(_("This token is already revoked."), code="revoked")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", obj=token,
                     after=snapshot(token, ["revoked_at"]))  # fmt: skip
    return token


def token_mark_used(token: ApiToken) -> None:
    """Note when a token was last used, to the minute (shown to the cadres who issued it)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
