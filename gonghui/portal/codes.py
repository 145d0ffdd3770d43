"""Sign-up codes: six digits, kept hashed for ten minutes, five tries, one a minute at most
and a few an hour per mobile (so nobody floods a phone or guesses a code). A refused request
says how long to wait (`CodeThrottledError.wait`), which the page sends as 429 Retry-After."""

from __future__ import annotations

import datetime as dt
import math
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import crypto
from gonghui.core.services import refuse
from gonghui.portal.models import SmsCode
from gonghui.portal.sms import gateway

LIFETIME = dt.timedelta(minutes=10)
RESEND_AFTER = dt.timedelta(seconds=60)
HOUR = dt.timedelta(hours=1)
PER_HOUR = 5
MAX_TRIES = 5


class CodeThrottledError(ValidationError):
    """No code is sent now: asked too soon or too often. `wait` is the seconds until one may."""

    def __init__(self, message: str, *, code: str, wait: dt.timedelta) -> None:
        super().__init__({"mobile": [ValidationError(message, code=code)]})
        self.wait = max(1, math.ceil(wait.total_seconds()))


def code_send(*, mobile: str) -> None:
    """Send a fresh code to `mobile` (already normalised), or refuse with `CodeThrottledError`:
    too soon after the last one, or too many this hour."""
    blind, now = crypto.blind_index(mobile), timezone.now()
    recent = SmsCode.objects.filter(mobile_blind=blind, sent_at__gt=now - HOUR)
    latest = recent.first()
    if latest is not None and now - latest.sent_at < RESEND_AFTER:
        raise CodeThrottledError(
            _("A code was sent less than a minute ago; wait before asking again."),
            code="throttled", wait=latest.sent_at + RESEND_AFTER - now)  # fmt: skip
    if recent.count() >= PER_HOUR:
        oldest = min(recent.values_list("sent_at", flat=True))
        raise CodeThrottledError(
            _("Too many codes were sent to this number; try again in an hour."),
            code="too_many", wait=oldest + HOUR - now)  # fmt: skip
    code = f"{secrets.randbelow(10**6):06d}"
    SmsCode.objects.create(mobile_blind=blind, code_hash=make_password(code), sent_at=now,
                           expires_at=now + LIFETIME)  # fmt: skip
    text = _("Your Gonghui sign-up code is %(code)s. It is valid for 10 minutes.") % {"code": code}
    gateway().send(mobile, text)


def code_check(*, mobile: str, code: str) -> None:
    """Accept the latest unused code of `mobile` once, or refuse (each wrong try counts)."""
    latest = SmsCode.objects.filter(
        mobile_blind=crypto.blind_index(mobile), used_at__isnull=True
    ).first()
    now = timezone.now()
    if latest is None or latest.expires_at < now:
        refuse(_("The code has expired or was never sent: ask for a new one."),
               code="expired", field="code")  # fmt: skip
    if latest.tries >= MAX_TRIES:
        refuse(_("Too many wrong tries: ask for a new code."), code="tries", field="code")
    if not check_password(code, latest.code_hash):
        latest.tries += 1
        latest.save(update_fields=["tries"])
        refuse(_("The code is wrong."), code="wrong", field="code")
    latest.used_at = now
    latest.save(update_fields=["used_at"])
