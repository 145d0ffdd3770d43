"""Cadre pages of labour disputes: the list, the time-limit warnings, opening one, and one
dispute (its clock, hand-offs, outcomes, timeline and the forms that move it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required
from gonghui.core.pagination import page_of
from gonghui.legalaid import disputes, selectors
from gonghui.legalaid.conf import arbitration_warning_days
from gonghui.legalaid.forms import (
    CloseForm,
    DisputeForm,
    HandoffForm,
    InterruptionForm,
    OutcomeForm,
)
from gonghui.legalaid.models import Dispute
from gonghui.legalaid.outcomes import NEXT_STAGE, hands_on
from gonghui.legalaid.views import booking_page
from gonghui.legalaid.workflows import DISPUTE, OWN


def dispute_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    states = [(s.key, s.label) for s in DISPUTE.states]
    rows = selectors.dispute_list(user=request.user, state=state if state in dict(states) else "")
    page = page_of(rows, request.GET.get("page"), settings.GONGHUI_PAGE_SIZE)
    return render(request, "legalaid/dispute_list.html",
                  {"page": page, "states": states, "state": state})  # fmt: skip


def clock_warnings(request: HttpRequest) -> HttpResponse:
    rows = selectors.clock_warnings(user=request.user)
    return render(request, "legalaid/warnings.html",
                  {"disputes": rows, "days": arbitration_warning_days()})  # fmt: skip


@editor_required
def dispute_create(request: HttpRequest) -> HttpResponse:
    form = DisputeForm(request.POST or None, user=request.user)
    dispute = save_if_valid(request, form, lambda: disputes.dispute_open(
        actor=request.user, **form.cleaned_data))  # fmt: skip
    if dispute is not None:
        return redirect("legalaid:dispute", dispute_id=dispute.pk)
    return render(request, "legalaid/dispute_form.html", {"form": form})


@require_POST
@editor_required
def dispute_from_consultation(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, booking_id=booking_id)
    consultation = selectors.consultation_of(booking)
    if consultation is None:
        messages.error(request, _("Record the consultation first."))
        return redirect("legalaid:booking", booking_id=booking.pk)
    form = DisputeForm(request.POST, user=request.user, from_consultation=True)
    dispute = save_if_valid(request, form, lambda: disputes.dispute_open(
        actor=request.user, post=booking.post, consultation=consultation,
        **form.cleaned_data))  # fmt: skip
    if dispute is None:
        return booking_page(request, booking, dispute_form=form)
    return redirect("legalaid:dispute", dispute_id=dispute.pk)


def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    return _page(request, selectors.dispute_get(user=request.user, dispute_id=dispute_id))


def _page(request: HttpRequest, dispute: Dispute, **posted: forms.Form) -> HttpResponse:
    case = dispute.case
    may_act = case.closed_at is None and OWN.allows(request.user, case)
    ended = dispute.outcomes.filter(stage=case.state).values_list("outcome", flat=True).first()
    next_stage = NEXT_STAGE.get(case.state) if ended and hands_on(case.state, ended) else None
    context = {
        "dispute": dispute,
        "case": case,
        "handoffs": dispute.handoffs.all(),
        "outcomes": dispute.outcomes.all(),
        "interruptions": dispute.interruptions.all(),
        "events": selectors.dispute_timeline(dispute=dispute),
        "may_act": may_act,
        "ended": ended,
        "next_stage": next_stage,
    }
    if may_act:
        context |= {
            "outcome_form": OutcomeForm(stage=case.state),
            "handoff_form": HandoffForm(initial={"stage": next_stage}) if next_stage else None,
            "close_form": CloseForm() if ended else None,
            "interruption_form": InterruptionForm() if dispute.clock_running else None,
        }
    # A posted form comes back with its message, even where the page would not offer it.
    return render(request, "legalaid/dispute.html", context | posted)


def _act(
    request: HttpRequest,
    dispute: Dispute,
    name: str,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """Post one of the dispute page's forms: done, back to the page; refused, the page with
    the form and its message."""
    if save_if_valid(request, form, lambda: write(form.cleaned_data)) is None:
        return _page(request, dispute, **{name: form})
    return redirect("legalaid:dispute", dispute_id=dispute.pk)


@require_POST
@editor_required
def dispute_handoff(request: HttpRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.dispute_get(user=request.user, dispute_id=dispute_id)
    return _act(request, dispute, "handoff_form", HandoffForm(request.POST), lambda data: (
        disputes.dispute_handoff(actor=request.user, dispute=dispute, **data)))  # fmt: skip


@require_POST
@editor_required
def dispute_outcome(request: HttpRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.dispute_get(user=request.user, dispute_id=dispute_id)
    if dispute.case.closed_at is not None:
        messages.error(request, _("This dispute is closed."))
        return redirect("legalaid:dispute", dispute_id=dispute.pk)
    form = OutcomeForm(request.POST, stage=dispute.case.state)
    return _act(request, dispute, "outcome_form", form, lambda data: (
        disputes.outcome_record(actor=request.user, dispute=dispute, **data)))  # fmt: skip


@require_POST
@editor_required
def dispute_close(request: HttpRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.dispute_get(user=request.user, dispute_id=dispute_id)
    return _act(request, dispute, "close_form", CloseForm(request.POST), lambda data: (
        disputes.dispute_close(actor=request.user, dispute=dispute, **data)))  # fmt: skip


@require_POST
@editor_required
def dispute_interrupt(request: HttpRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.dispute_get(user=request.user, dispute_id=dispute_id)
    form = InterruptionForm(request.POST)
    return _act(request, dispute, "interruption_form", form, lambda data: (
        disputes.clock_interrupt(actor=request.user, dispute=dispute, **data)))  # fmt: skip
