"""Reads: cadres through the scope (their subtree's posts, bookings and disputes); workers
their own bookings and disputes, and the directory of posts in service (public, like the
posts' own notices: name, address, phone and duty times, never the union behind them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.cases.models import CaseEvent
from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.legalaid.conf import arbitration_warning_days
from gonghui.legalaid.models import (
    Booking,
    Consultation,
    Dispute,
    DutySlot,
    Lawyer,
    Post,
    in_service_on,
)
from gonghui.legalaid.services import TAKEN


def post_list(*, user: Any) -> QuerySet[Post]:
    return visible_to(Post, user).select_related("union")


def post_get(*, user: Any, post_id: object) -> Post:
    return get_visible_or_404(Post, user, post_id, Post.objects.select_related("union"))


def lawyer_get(*, user: Any, lawyer_id: object) -> Lawyer:
    return get_visible_or_404(Lawyer, user, lawyer_id)


def slot_get(*, user: Any, slot_id: object) -> DutySlot:
    return get_visible_or_404(DutySlot, user, slot_id)


def active_slots(post: Post) -> QuerySet[DutySlot]:
    return post.slots.filter(active=True).select_related("lawyer")


def day_bookings(*, post: Post, day: dt.date) -> QuerySet[Booking]:
    """A post's bookings of one day (the post already fetched through the scope)."""
    bookings = post.bookings.filter(on=day).exclude(status=Booking.Status.CANCELLED)
    return bookings.select_related("slot__lawyer", "worker", "consultation")


def booking_get(*, user: Any, booking_id: object) -> Booking:
    related = Booking.objects.select_related("post__union", "slot__lawyer", "worker")
    return get_visible_or_404(Booking, user, booking_id, related)


def consultation_of(booking: Booking) -> Consultation | None:
    return Consultation.objects.filter(booking=booking).select_related("dispute").first()


def dispute_list(*, user: Any, state: str = "") -> QuerySet[Dispute]:
    disputes = visible_to(Dispute, user).select_related("case", "post")
    return disputes.filter(case__state=state) if state else disputes


def dispute_get(*, user: Any, dispute_id: object) -> Dispute:
    related = Dispute.objects.select_related("case__union", "post", "consultation")
    return get_visible_or_404(Dispute, user, dispute_id, related)


def clock_warnings(*, user: Any) -> QuerySet[Dispute]:
    """Disputes not yet at arbitration whose last day to apply is within the warning period
    (GONGHUI_ARBITRATION_WARNING_DAYS) or already past, the most urgent first."""
    horizon = timezone.localdate() + dt.timedelta(days=arbitration_warning_days())
    running = dispute_list(user=user).filter(arbitration_on__isnull=True, closed_on__isnull=True)
    return running.filter(arbitration_deadline__lte=horizon).order_by("arbitration_deadline", "id")


def dispute_timeline(*, dispute: Dispute, for_worker: bool = False) -> QuerySet[CaseEvent]:
    """The case's timeline; a worker is told what happened, not the refusals or comments."""
    events = dispute.case.events.select_related("actor")
    if for_worker:
        events = events.filter(kind__in=(CaseEvent.Kind.OPENED, CaseEvent.Kind.TRANSITION))
    return events


# The worker's side.


def posts_in_service(*, day: dt.date | None = None) -> QuerySet[Post]:
    return Post.objects.filter(in_service_on(day or timezone.localdate()))


def post_for_booking(*, post_id: object) -> Post:
    """A post in service, as any worker may see it; anything else is a 404."""
    return _own(posts_in_service(), post_id)


@dataclass(frozen=True)
class Opening:
    slot: DutySlot
    places_left: int


def openings(*, post: Post, day: dt.date) -> list[Opening]:
    """The post's duty slots on `day`'s weekday with the places still free."""
    taken = Count("bookings", filter=Q(bookings__on=day, bookings__status__in=TAKEN))
    slots = active_slots(post).filter(weekday=day.weekday()).annotate(taken=taken)
    return [Opening(slot, max(slot.capacity - slot.taken, 0)) for slot in slots]


def my_bookings(*, user: Any) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(worker_id=user.pk).select_related("post", "slot__lawyer")
    return bookings.order_by("-on", "-id")


def my_booking_get(*, user: Any, booking_id: object) -> Booking:
    return _own(my_bookings(user=user), booking_id)


def my_disputes(*, user: Any) -> QuerySet[Dispute]:
    return Dispute.objects.filter(case__applicant_id=user.pk).select_related("case", "post")


def my_dispute_get(*, user: Any, dispute_id: object) -> Dispute:
    return _own(my_disputes(user=user), dispute_id)


def _own(rows: QuerySet, pk: object) -> Any:
    """One row of `rows` (a worker's own, or public); any other is answered as missing."""
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
