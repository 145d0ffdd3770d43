"""Cadre pages of the legal-aid posts: posts, their lawyers and duty slots, a day's bookings,
one booking (attendance, the consultation)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required
from gonghui.legalaid import selectors, services
from gonghui.legalaid.forms import (
    ConsultationForm,
    DayForm,
    DisputeForm,
    LawyerForm,
    PostForm,
    SlotForm,
)
from gonghui.legalaid.models import Booking, Post


def post_list(request: HttpRequest) -> HttpResponse:
    posts = selectors.post_list(user=request.user)
    return render(request, "legalaid/post_list.html", {"posts": posts})


def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    return _post_page(request, selectors.post_get(user=request.user, post_id=post_id))


def _post_page(
    request: HttpRequest,
    post: Post,
    lawyer_form: LawyerForm | None = None,
    slot_form: SlotForm | None = None,
) -> HttpResponse:
    return render(request, "legalaid/post_detail.html", {
        "post": post,
        "lawyers": post.lawyers.filter(active=True),
        "slots": selectors.active_slots(post),
        "lawyer_form": lawyer_form or LawyerForm(),
        "slot_form": slot_form or SlotForm(post=post),
    })  # fmt: skip


@editor_required
def post_create(request: HttpRequest) -> HttpResponse:
    return _post_form(request, None)


@editor_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    return _post_form(request, selectors.post_get(user=request.user, post_id=post_id))


def _post_form(request: HttpRequest, post: Post | None) -> HttpResponse:
    initial = PostForm.initial_of(post) if post else None
    form = PostForm(request.POST or None, initial=initial, user=request.user)
    saved = save_if_valid(request, form, lambda: services.post_save(
        actor=request.user, post=post, **form.cleaned_data))  # fmt: skip
    if saved is not None:
        return redirect("legalaid:post", post_id=saved.pk)
    return render(request, "legalaid/post_form.html", {"form": form, "post": post})


@require_POST
@editor_required
def lawyer_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    form = LawyerForm(request.POST)
    if save_if_valid(request, form, lambda: services.lawyer_add(
            actor=request.user, post=post, **form.cleaned_data)) is None:  # fmt: skip
        return _post_page(request, post, lawyer_form=form)
    return redirect("legalaid:post", post_id=post.pk)


@require_POST
@editor_required
def lawyer_remove(request: HttpRequest, lawyer_id: int) -> HttpResponse:
    lawyer = selectors.lawyer_get(user=request.user, lawyer_id=lawyer_id)
    _try(request, lambda: services.lawyer_remove(actor=request.user, lawyer=lawyer))
    return redirect("legalaid:post", post_id=lawyer.post_id)


@require_POST
@editor_required
def slot_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    form = SlotForm(request.POST, post=post)
    if save_if_valid(request, form, lambda: services.slot_add(
            actor=request.user, post=post, **form.cleaned_data)) is None:  # fmt: skip
        return _post_page(request, post, slot_form=form)
    return redirect("legalaid:post", post_id=post.pk)


@require_POST
@editor_required
def slot_remove(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = selectors.slot_get(user=request.user, slot_id=slot_id)
    _try(request, lambda: services.slot_remove(actor=request.user, slot=slot))
    return redirect("legalaid:post", post_id=slot.post_id)


def _try(request: HttpRequest, write: Callable[[], object]) -> None:
    """Run a one-button write; a refusal becomes a message on the page it returns to."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


def bookings(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    form = DayForm(request.GET or None)
    day = (form.is_valid() and form.cleaned_data["day"]) or timezone.localdate()
    rows = selectors.day_bookings(post=post, day=day)
    return render(request, "legalaid/bookings.html",
                  {"post": post, "form": form, "day": day, "bookings": rows})  # fmt: skip


def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    return booking_page(request, selectors.booking_get(user=request.user, booking_id=booking_id))


def booking_page(
    request: HttpRequest,
    booking: Booking,
    form: ConsultationForm | None = None,
    dispute_form: DisputeForm | None = None,
) -> HttpResponse:
    """A booking: attendance, the consultation form or the consultation, a dispute from it."""
    return render(request, "legalaid/booking.html", {
        "booking": booking,
        "consultation": selectors.consultation_of(booking),
        "form": form or ConsultationForm(initial={"topic": booking.topic}),
        "dispute_form": dispute_form or DisputeForm(user=request.user, from_consultation=True),
        "today": timezone.localdate(),
    })  # fmt: skip


@require_POST
@editor_required
def booking_mark(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, booking_id=booking_id)
    attended = request.POST.get("attended") == "1"
    _try(request, lambda: services.booking_mark(actor=request.user, booking=booking,
                                                attended=attended))  # fmt: skip
    return redirect("legalaid:booking", booking_id=booking.pk)


@require_POST
@editor_required
def consultation_record(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, booking_id=booking_id)
    form = ConsultationForm(request.POST)
    if save_if_valid(request, form, lambda: services.consultation_record(
            actor=request.user, booking=booking, **form.cleaned_data)) is None:  # fmt: skip
        return booking_page(request, booking, form)
    messages.success(request, _("The consultation is recorded."))
    return redirect("legalaid:booking", booking_id=booking.pk)
