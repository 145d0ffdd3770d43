"""Writes on legal-aid posts (their lawyers and duty slots), bookings and consultations.

Posts are run by cadres in their subtree; a worker with a proven identity books; the cadres
mark who came and record what was advised. Each write is atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.legalaid.models import Booking, Consultation, DutySlot, Lawyer, Post
from gonghui.orgs.models import Union
from gonghui.portal.models import WorkerProfile

POST_FIELDS = ["union", "name", "address", "phone", "opened_on", "closed_on"]
TAKEN = (Booking.Status.BOOKED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW)


def post_save(*, actor: Any, post: Post | None = None, union: Union, **fields: Any) -> Post:
    """Open a post, or change one, for a union in the actor's subtree."""
    require_editor(actor)
    require_visible(actor, union, "union")
    if post is not None:
        require_visible(actor, post, None)
    closed_on = fields.get("closed_on")
    if closed_on is not None and closed_on < fields["opened_on"]:
        refuse(_("A post cannot close before it opened."), code="dates", field="closed_on")
    before = snapshot(post, POST_FIELDS) if post is not None else None
    post = post or Post()
    post.union = union
    for name, value in fields.items():
        setattr(post, name, value)
    with transaction.atomic():
        post.save()
        audit.record(actor=actor, action="legalaid.post_save", obj=post, before=before,
                     after=snapshot(post, POST_FIELDS))  # fmt: skip
    return post


def lawyer_add(*, actor: Any, post: Post, name: str, firm: str, licence_number: str) -> Lawyer:
    require_editor(actor)
    require_visible(actor, post, None)
    if post.lawyers.filter(active=True, licence_number=licence_number).exists():
        refuse(_("A lawyer with this licence number is already on duty here."), code="taken",
               field="licence_number")  # fmt: skip
    with transaction.atomic():
        lawyer = Lawyer.objects.create(post=post, name=name, firm=firm,
                                       licence_number=licence_number)  # fmt: skip
        audit.record(actor=actor, action="legalaid.lawyer_add", obj=lawyer, post=post.pk)
    return lawyer


def lawyer_remove(*, actor: Any, lawyer: Lawyer) -> Lawyer:
    """Take a lawyer off the post (kept for the bookings they served)."""
    require_editor(actor)
    require_visible(actor, lawyer, None)
    if lawyer.slots.filter(active=True).exists():
        refuse(_("Remove this lawyer's duty slots first."), code="in_use")
    with transaction.atomic():
        lawyer.active = False
        lawyer.save(update_fields=["active"])
        audit.record(actor=actor, action="legalaid.lawyer_remove", obj=lawyer)
    return lawyer


def slot_add(
    *,
    actor: Any,
    post: Post,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    lawyer: Lawyer,
    capacity: int,
) -> DutySlot:
    require_editor(actor)
    require_visible(actor, post, None)
    if lawyer.post_id != post.pk or not lawyer.active:
        refuse(_("Choose a lawyer on duty at this post."), code="lawyer", field="lawyer")
    if ends_at <= starts_at:
        refuse(_("A slot ends after it starts."), code="times", field="ends_at")
    if capacity < 1:
        refuse(_("A slot has at least one place."), code="capacity", field="capacity")
    overlapping = post.slots.filter(
        active=True, lawyer=lawyer, weekday=weekday, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        refuse(_("This lawyer is already on duty at that time."), code="overlap",
               field="starts_at")  # fmt: skip
    with transaction.atomic():
        slot = DutySlot.objects.create(
            post=post, weekday=weekday, starts_at=starts_at, ends_at=ends_at, lawyer=lawyer,
            capacity=capacity,
        )  # fmt: skip
        audit.record(actor=actor, action="legalaid.slot_add", obj=slot, post=post.pk)
    return slot


def slot_remove(*, actor: Any, slot: DutySlot) -> DutySlot:
    """Stop a slot (kept for its past bookings); refused while bookings to come remain."""
    require_editor(actor)
    require_visible(actor, slot, None)
    waiting = slot.bookings.filter(status=Booking.Status.BOOKED, on__gte=timezone.localdate())
    if waiting.exists():
        refuse(_("Workers have booked this slot: they must be told before it is removed."),
               code="booked")  # fmt: skip
    with transaction.atomic():
        slot.active = False
        slot.save(update_fields=["active"])
        audit.record(actor=actor, action="legalaid.slot_remove", obj=slot)
    return slot


def booking_make(
    *, actor: Any, post: Post, slot: DutySlot, on: dt.date, topic: str, note: str = ""
) -> Booking:
    """A worker with a proven identity books a place in a duty slot of a post in service."""
    profile = WorkerProfile.objects.filter(user_id=getattr(actor, "pk", None)).first()
    if profile is None or profile.verified_at is None:
        refuse(_("Prove your identity before booking."), code="identity")
    now = timezone.localtime()
    if on < now.date() or (on == now.date() and slot.ends_at <= now.time()):
        refuse(_("Choose a day and time still to come."), code="past", field="on")
    if not post.in_service(on):
        refuse(_("This post is not in service on that day."), code="closed", field="on")
    if slot.post_id != post.pk or not slot.active or slot.weekday != on.weekday():
        refuse(_("The post has no such duty slot on that day."), code="slot", field="slot")
    with transaction.atomic():
        # The slot's row, locked: two workers taking its last place are served in turn.
        DutySlot.objects.select_for_update().get(pk=slot.pk)
        if Booking.objects.filter(worker=actor, on=on, status__in=TAKEN).exists():
            refuse(_("You already have a booking on that day."), code="same_day", field="on")
        if slot.bookings.filter(on=on, status__in=TAKEN).count() >= slot.capacity:
            refuse(_("This slot is full on that day: choose another."), code="full",
                   field="slot")  # fmt: skip
        booking = Booking.objects.create(post=post, slot=slot, worker=actor, on=on, topic=topic,
                                         note=note)  # fmt: skip
        audit.record(actor=actor, action="legalaid.booking_make", obj=booking,
                     post=post.pk, on=on.isoformat())  # fmt: skip
    return booking


def booking_cancel(*, actor: Any, booking: Booking) -> Booking:
    """A worker cancels their own booking still to come."""
    if booking.worker_id != getattr(actor, "pk", None):
        refuse(_("This booking is not yours."), code="not_yours")
    now = timezone.localtime()
    started = booking.on < now.date() or (
        booking.on == now.date() and booking.slot.starts_at <= now.time()
    )
    if booking.status != Booking.Status.BOOKED or started:
        refuse(_("Only a booking still to come can be cancelled."), code="state")
    return _set_status(actor, booking, Booking.Status.CANCELLED)


def booking_mark(*, actor: Any, booking: Booking, attended: bool) -> Booking:
    """The post's cadres mark whether the worker came (on the day or after)."""
    require_editor(actor)
    require_visible(actor, booking, None)
    if booking.on > timezone.localdate():
        refuse(_("Attendance is marked on the day of the booking or after."), code="early")
    if booking.status == Booking.Status.CANCELLED or hasattr(booking, "consultation"):
        refuse(_("This booking was cancelled or its consultation is recorded."), code="state")
    status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
    return _set_status(actor, booking, status)


def _set_status(actor: Any, booking: Booking, status: str) -> Booking:
    with transaction.atomic():
        before = booking.status
        booking.status = status
        booking.save(update_fields=["status"])
        audit.record(actor=actor, action="legalaid.booking_status", obj=booking,
                     before={"status": before}, after={"status": status})  # fmt: skip
    return booking


def consultation_record(
    *,
    actor: Any,
    booking: Booking,
    topic: str,
    advice: str,
    outcome: str,
    referred_to: str = "",
) -> Consultation:
    """What was advised at a booking: the worker came (marked so if not yet)."""
    require_editor(actor)
    require_visible(actor, booking, None)
    if booking.on > timezone.localdate():
        refuse(_("A consultation is recorded on the day of the booking or after."), code="early")
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.ATTENDED):
        refuse(_("This booking was cancelled or the worker did not come."), code="state")
    if hasattr(booking, "consultation"):
        refuse(_("This consultation is already recorded."), code="recorded")
    if outcome == Consultation.Outcome.REFERRED and not referred_to.strip():
        refuse(_("Say where the worker was referred."), code="referred", field="referred_to")
    with transaction.atomic():
        booking.status = Booking.Status.ATTENDED
        booking.save(update_fields=["status"])
        consultation = Consultation.objects.create(
            booking=booking, union_id=booking.post.union_id, held_on=booking.on, topic=topic,
            advice=advice.strip(), outcome=outcome, referred_to=referred_to.strip(),
            recorded_by=actor,
        )  # fmt: skip
        audit.record(actor=actor, action="legalaid.consultation", obj=booking, outcome=outcome)
    return consultation
