"""Session limits and the sign-in rate (等保 2.0: 登录连接超时, 登录失败处理).

`SessionLifetimeMiddleware` signs a user out after `GONGHUI_IDLE_MINUTES` without a request,
and `SESSION_COOKIE_AGE` seconds after signing in whatever the activity: Django's own expiry
counts from the session's last save, so activity would renew it for ever. Both times live in
the session, stamped at sign-in (`user_logged_in`).

`SignInRateMiddleware` answers 429 to more than `GONGHUI_LOGIN_RATE` sign-in POSTs a minute
from one client address (`rates.py`); the second step of a two-step sign-in counts as one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role
from gonghui.accounts.rates import too_many, wait_after_request

SIGNED_IN_AT = "gonghui_signed_in_at"
LAST_SEEN = "gonghui_last_seen"
# The last-seen stamp moves at most this often (seconds): saving the session on every request
# would cost a database write per page, and the idle limit may be a minute late.
STAMP_EVERY = 60
SIGN_IN_VIEWS = frozenset(
    {"accounts:login", "accounts:verify", "accounts:enrol", "portal:signin", "admin:login"}
)
SIGN_IN_WINDOW = timedelta(minutes=1)

Handler = Callable[[HttpRequest], HttpResponse]


@receiver(user_logged_in, dispatch_uid="gonghui.accounts.middleware.stamp")
def _stamp_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session, now = request.session, _now()
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > settings.GONGHUI_IDLE_MINUTES * 60:
                return _sign_out(request, _(
                    "You were signed out after %(minutes)d minutes without activity."
                ) % {"minutes": settings.GONGHUI_IDLE_MINUTES})  # fmt: skip
            if now - signed_in_at > settings.SESSION_COOKIE_AGE:
                return _sign_out(request, _("Your session has ended. Please sign in again."))
            if now - last_seen >= STAMP_EVERY or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)


def _sign_out(request: HttpRequest, message: str) -> HttpResponse:
    worker = getattr(request.user, "role", None) == Role.WORKER
    logout(request)
    messages.info(request, message)
    login_url = reverse("portal:signin") if worker else settings.LOGIN_URL
    return redirect_to_login(request.get_full_path(), login_url)


class SignInRateMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and _is_sign_in(request):
            wait = wait_after_request(request, kind="sign-in", limit=settings.GONGHUI_LOGIN_RATE,
                                      window=SIGN_IN_WINDOW)  # fmt: skip
            if wait:
                return too_many(request, "accounts/too_many.html", wait=wait)
        return self.get_response(request)


def _is_sign_in(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name in SIGN_IN_VIEWS
    except Resolver404:
        return False


def _now() -> int:
    return int(timezone.now().timestamp())
