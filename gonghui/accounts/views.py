"""Signing in, in two steps where a second factor is needed (second_factor.py), and the user's
own security page."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gonghui.accounts import lockout, second_factor
from gonghui.accounts.forms import CodeForm
from gonghui.accounts.models import TotpDevice, User
from gonghui.core.forms import save_if_valid
from gonghui.core.http import cadre_required, client_address


class SignInView(auth_views.LoginView):
    """The password; then, where a second factor is needed, not signed in yet but sent to type
    the app's code (or to set up an app first)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: auth_views.AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not second_factor.required_for(user):
            return super().form_valid(form)
        second_factor.pending_start(self.request, user=user, next_url=self.get_success_url())
        return redirect("accounts:verify" if second_factor.has_device(user) else "accounts:enrol")


@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    user = second_factor.pending_user(request)
    if user is None or lockout.is_locked(user.get_username()):
        return _start_again(request, user)
    if not second_factor.has_device(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    if _code_accepted(request, form, user):
        return redirect(second_factor.sign_in_complete(request, user))
    if lockout.is_locked(user.get_username()):
        return _start_again(request, user)
    return render(request, "accounts/verify.html", {"form": form})


@login_not_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: half-way through signing in, or of one's own accord."""
    signed_in = request.user.is_authenticated
    user = request.user if signed_in else second_factor.pending_user(request)
    if user is None or (not signed_in and lockout.is_locked(user.get_username())):
        return _start_again(request, user)
    if user.role not in second_factor.TOTP_ROLES:
        raise PermissionDenied
    if second_factor.has_device(user):
        return redirect("accounts:security" if signed_in else "accounts:verify")
    secret = second_factor.enrolment_secret(user)
    form = CodeForm(request.POST or None)
    if _code_accepted(request, form, user):
        if not signed_in:
            return redirect(second_factor.sign_in_complete(request, user))
        messages.success(request, _("Two-step sign-in is on: each sign-in now asks for a code."))
        return redirect("accounts:security")
    if not signed_in and lockout.is_locked(user.get_username()):
        return _start_again(request, user)
    qr = _qr_svg(second_factor.enrolment_uri(user, secret))
    # In groups of four, as the apps show keys: easier to copy by hand, and it wraps.
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/enrol.html",
                  {"form": form, "secret": grouped, "qr": qr, "signed_in": signed_in})  # fmt: skip


@cadre_required
def security(request: HttpRequest) -> HttpResponse:
    device = TotpDevice.objects.filter(user=request.user, confirmed_at__isnull=False).first()
    return render(request, "accounts/security.html", {"device": device})


def _code_accepted(request: HttpRequest, form: CodeForm, user: User) -> bool:
    def check() -> TotpDevice:
        code, address = form.cleaned_data["code"], client_address(request)
        return second_factor.code_check(user=user, code=code, remote_addr=address)

    return save_if_valid(request, form, check) is not None


def _start_again(request: HttpRequest, user: User | None) -> HttpResponse:
    second_factor.pending_end(request)
    if user is not None and lockout.is_locked(user.get_username()):
        messages.error(request, lockout.locked_message())
    else:
        messages.info(request, _("Please sign in again: the code must follow the password "
                                 "within five minutes."))  # fmt: skip
    return redirect("accounts:login")


def _qr_svg(uri: str) -> SafeString:
    """The otpauth:// URI as inline SVG drawn on the server (segno's markup, no inline style)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, svgclass="totp-qr", title="QR")
    return mark_safe(svg)  # noqa: S308 - segno escapes the title; the rest is path data
