"""Two-step sign-in (等保 2.0 三级 身份鉴别: 两种或两种以上组合的鉴别技术): after the password,
a six-digit code from the user's authenticator app (`totp.py`).

Who: everyone who signs in at /accounts/login/ (cadres, viewers, the three administrators),
never the portal's workers, who prove their mobile with SMS codes. When: always under
`GONGHUI_TOTP_REQUIRED` (production's default); otherwise only those who set up an app of
their own accord, so the demo still lets a newcomer in with the password alone.

Between the two steps nobody is signed in: the session only holds `PENDING` (the user's id,
when the password was right, where to go next) for five minutes, so it opens no page. Only
`sign_in_complete`, after a right code, calls `login()`; `_refuse_unchecked_sign_in` undoes a
sign-in by any other door (Django admin's own form) of a user who needs the second step.

A code is accepted once: the device keeps the last time step used, and an older or equal one
is refused (a code seen over a shoulder or in a proxy log cannot be replayed). Wrong codes
count into the username's lockout like wrong passwords.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import lockout, totp
from gonghui.accounts.models import Role, TotpDevice, User
from gonghui.core import audit, crypto
from gonghui.core.http import client_address
from gonghui.core.services import refuse

PENDING = "gonghui_second_step"
CHECKED_AT = "gonghui_second_factor_at"
PENDING_SECONDS = 5 * 60
ISSUER = "Gonghui"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Everyone who signs in at /accounts/login/; workers prove their mobile with SMS codes instead.
TOTP_ROLES = frozenset(Role) - {Role.WORKER}


def required_for(user: User) -> bool:
    """Whether `user` must type a code after the password."""
    if user.role not in TOTP_ROLES:
        return False
    return settings.GONGHUI_TOTP_REQUIRED or has_device(user)


def has_device(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def pending_start(request: HttpRequest, *, user: User, next_url: str) -> None:
    """Remember, for five minutes, that `user` typed the right password."""
    request.session[PENDING] = {"user": user.pk, "at": _now(), "next": next_url}


def pending_user(request: HttpRequest) -> User | None:
    """The user half-way through signing in on this session, or None (never started, expired,
    or the account was since deactivated)."""
    pending = request.session.get(PENDING)
    if not pending or _now() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def pending_end(request: HttpRequest) -> str:
    """Forget the half-done sign-in; return where it was going."""
    return str(
        (request.session.pop(PENDING, None) or {}).get("next") or settings.LOGIN_REDIRECT_URL
    )


def enrolment_secret(user: User) -> str:
    """The secret of `user`'s app being set up: kept while unconfirmed, so reloading the page
    shows the same QR code that the phone may already have scanned."""
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret_cipher": crypto.encrypt(totp.new_secret())}
    )
    if device.confirmed_at is not None:
        refuse(_("Two-step sign-in is already set up for this account."), code="enrolled")
    return crypto.decrypt(device.secret_cipher)


def enrolment_uri(user: User, secret: str) -> str:
    return totp.provisioning_uri(secret, account=user.get_username(), issuer=ISSUER)


def code_check(*, user: User, code: str, remote_addr: str | None) -> TotpDevice:
    """Accept `code` from `user`'s app once, confirming a new app with its first code, or
    refuse a wrong or replayed code, counted into the username's lockout. Audited either way."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        step = totp.matching_step(crypto.decrypt(device.secret_cipher), code) if device else None
        accepted = device is not None and step is not None and step > device.last_step
        if device is not None and step is not None and accepted:
            action = "auth.totp_passed" if device.confirmed_at else "auth.totp_enrolled"
            device.last_step = step
            device.confirmed_at = device.confirmed_at or timezone.now()
            device.save(update_fields=["last_step", "confirmed_at"])
            audit.record(actor=user, action=action, obj=device, remote_addr=remote_addr,
                         username=user.get_username())  # fmt: skip
        else:
            reason = "wrong" if step is None else "replayed"
            lockout.failure_count(username=user.get_username(), remote_addr=remote_addr,
                                  factor="totp", reason=reason)  # fmt: skip
    if device is None or not accepted:
        refuse(_("The code is wrong or was already used. Type the code your app shows now."),
               code="wrong", field="code")  # fmt: skip
    return device


def sign_in_complete(request: HttpRequest, user: User) -> str:
    """Sign `user` in after a right code; return where the sign-in was going."""
    next_url = pending_end(request)
    request.session[CHECKED_AT] = _now()
    login(request, user, backend=MODEL_BACKEND)
    return next_url


@receiver(user_logged_in, dispatch_uid="gonghui.accounts.second_factor.guard")
def _refuse_unchecked_sign_in(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    # Django admin's sign-in form (and any other that calls login()) knows nothing of the
    # second step: a password alone must not open a session there either.
    if request is None or not hasattr(request, "session") or not required_for(user):
        return
    if CHECKED_AT in request.session:
        return
    audit.record(actor=None, action="auth.failure", result="refused",
                 remote_addr=client_address(request), username=user.get_username(),
                 factor="totp", reason="not_checked")  # fmt: skip
    request.session.flush()
    raise PermissionDenied(_("Sign in at the sign-in page, with the code from your app."))


def _now() -> int:
    return int(timezone.now().timestamp())
