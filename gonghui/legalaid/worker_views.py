"""The worker's legal-aid pages at the portal (phone-sized): book a consultation, see and
cancel my bookings, follow my dispute."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import save_if_valid
from gonghui.core.http import worker_required
from gonghui.legalaid import selectors, services
from gonghui.legalaid.forms import BookingForm, DayForm
from gonghui.portal.selectors import profile_of


@worker_required
def my(request: HttpRequest) -> HttpResponse:
    return render(request, "legalaid/my.html", {
        "bookings": selectors.my_bookings(user=request.user),
        "disputes": selectors.my_disputes(user=request.user),
        "today": timezone.localdate(),
    })  # fmt: skip


@worker_required
def book(request: HttpRequest) -> HttpResponse:
    """Choose a post, then a day, then one of that day's free slots."""
    data = request.POST if request.method == "POST" else request.GET
    if not data.get("post"):
        posts = selectors.posts_in_service().prefetch_related("slots")
        return render(request, "legalaid/book_posts.html", {"posts": posts})
    post = selectors.post_for_booking(post_id=data["post"])
    chosen = DayForm(request.GET)
    day = chosen.cleaned_data["day"] if chosen.is_valid() else None
    form = BookingForm(request.POST or None, post=post, initial={"on": day})
    booking = save_if_valid(request, form, lambda: services.booking_make(
        actor=request.user, post=post, **form.cleaned_data))  # fmt: skip
    if booking is not None:
        messages.success(request, _("Your consultation is booked."))
        return redirect("legalaid:my")
    day = form.cleaned_data.get("on", day) if form.is_bound else day
    return render(request, "legalaid/book.html", {
        "post": post,
        "chosen": chosen,
        "form": form,
        "day": day,
        "openings": selectors.openings(post=post, day=day) if day else [],
        "verified": profile_of(user=request.user).verified_at is not None,
    })  # fmt: skip


@require_POST
@worker_required
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.my_booking_get(user=request.user, booking_id=booking_id)
    try:
        services.booking_cancel(actor=request.user, booking=booking)
        messages.success(request, _("The booking is cancelled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("legalaid:my")


@worker_required
def my_dispute(request: HttpRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.my_dispute_get(user=request.user, dispute_id=dispute_id)
    return render(request, "legalaid/my_dispute.html", {
        "dispute": dispute,
        "case": dispute.case,
        "handoffs": dispute.handoffs.all(),
        "outcomes": dispute.outcomes.all(),
        "events": selectors.dispute_timeline(dispute=dispute, for_worker=True),
    })  # fmt: skip
