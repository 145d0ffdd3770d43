"""The worker portal: sign up, sign in, prove identity, apply, ask to transfer, follow my
applications and download their files, show the membership card; and the cadres' check of a
scanned card."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gonghui.accounts.models import Role
from gonghui.accounts.rates import too_many, wait_after_request
from gonghui.cases.models import Case
from gonghui.cases.views import attachment_response
from gonghui.core.forms import add_service_error, save_if_valid
from gonghui.core.http import cadre_required, worker_required
from gonghui.portal import cards, selectors, services
from gonghui.portal.codes import CodeThrottledError, code_send
from gonghui.portal.forms import (
    CodeRequestForm,
    EmployerCodeForm,
    IdentityForm,
    SignInForm,
    SignupForm,
)

# Code requests per client address are counted over this window (GONGHUI_SMS_CODE_RATE).
CODE_RATE_WINDOW = timedelta(hours=1)


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", None) == Role.WORKER:
        return redirect("portal:my")
    return render(request, "portal/landing.html")


@login_not_required
def signup(request: HttpRequest) -> HttpResponse:
    if "send" in request.POST:
        return _send_code(request)
    form = SignupForm(request.POST or None)
    user = save_if_valid(request, form, lambda: services.worker_signup(**form.cleaned_data))
    if user is None:
        return render(request, "portal/signup.html", {"form": form})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("portal:identity")


def _send_code(request: HttpRequest) -> HttpResponse:
    """Send a sign-up code; a refusal for asking too often answers 429 with Retry-After."""
    sender = CodeRequestForm(request.POST)
    wait = wait_after_request(request, kind="sms-code", limit=settings.GONGHUI_SMS_CODE_RATE,
                              window=CODE_RATE_WINDOW)  # fmt: skip
    if wait:
        sender.add_error("mobile", _(
            "Too many codes were asked for from your network; try again in %(minutes)d minutes."
        ) % {"minutes": math.ceil(wait / 60)})  # fmt: skip
    elif sender.is_valid():
        try:
            code_send(mobile=sender.cleaned_data["mobile"])
            messages.success(request, _("A code was sent to your mobile."))
        except CodeThrottledError as error:
            add_service_error(sender, error)
            wait = error.wait
    form = SignupForm(initial={"mobile": request.POST.get("mobile", "")})
    context = {"form": form, "sender": sender}
    if wait:
        return too_many(request, "portal/signup.html", wait=wait, context=context)
    return render(request, "portal/signup.html", context)


signin = login_not_required(auth_views.LoginView.as_view(
    template_name="portal/signin.html", form_class=SignInForm, next_page="portal:my",
    redirect_authenticated_user=True,
))  # fmt: skip


@worker_required
def identity(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(user=request.user)
    form = IdentityForm(request.POST or None)
    done = save_if_valid(request, form, lambda: services.identity_prove(
        actor=request.user, **form.cleaned_data))  # fmt: skip
    if done is not None:
        return redirect("portal:apply")
    return render(request, "portal/identity.html", {"form": form, "profile": profile})


@worker_required
def apply(request: HttpRequest) -> HttpResponse:
    return _with_employer(request, "portal/apply.html", services.application_submit)


@worker_required
def transfer(request: HttpRequest) -> HttpResponse:
    return _with_employer(request, "portal/transfer.html", services.transfer_request,
                          member=selectors.membership_of(user=request.user))  # fmt: skip


def _with_employer(
    request: HttpRequest, template: str, submit: Callable[..., Case], **context: Any
) -> HttpResponse:
    """Name the employer by its exact credit code, see its name, confirm: then `submit`."""
    form = EmployerCodeForm(request.POST or None)
    employer = None
    if request.method == "POST" and form.is_valid():
        employer = selectors.employer_by_code(credit_code=form.cleaned_data["credit_code"])
        if employer is None:
            form.add_error("credit_code", _("No employer is registered under this code."))
    if employer is not None and "confirm" in request.POST:
        case = save_if_valid(request, form, lambda: submit(actor=request.user, employer=employer))
        if case is not None:
            return redirect("portal:application", case_id=case.pk)
    profile = selectors.profile_of(user=request.user)
    return render(request, template,
                  {"form": form, "employer": employer, "profile": profile, **context})  # fmt: skip


@worker_required
def my(request: HttpRequest) -> HttpResponse:
    cases = selectors.my_applications(user=request.user)
    return render(request, "portal/my.html", {"cases": cases})


@worker_required
def application(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.application_get(user=request.user, case_id=case_id)
    events = selectors.application_timeline(case=case)
    return render(request, "portal/application.html", {"case": case, "events": events})


@require_safe
@worker_required
def application_file(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    attachment = selectors.my_attachment(
        user=request.user, case_id=case_id, attachment_id=attachment_id
    )
    return attachment_response(request, attachment)


@worker_required
def card(request: HttpRequest) -> HttpResponse:
    member = selectors.membership_of(user=request.user)
    context: dict[str, Any] = {"member": member}
    if member is not None:
        query = urlencode({"t": cards.card_token(member)})
        url = request.build_absolute_uri(f"{reverse('portal:verify')}?{query}")
        context |= {"qr": cards.card_qr_svg(url), "expires_at": timezone.now() + cards.CARD_TTL}
    return render(request, "portal/card.html", context)


@cadre_required
def verify(request: HttpRequest) -> HttpResponse:
    check = cards.card_verify(actor=request.user, token=request.GET.get("t", ""))
    return render(request, "portal/verify.html", {"check": check, "Verdict": cards.Verdict})
