"""Posts, their lawyers and slots, and the booking rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from gonghui.conftest import World
from gonghui.core.models import AuditEntry
from gonghui.legalaid import services
from gonghui.legalaid.models import Booking, Consultation, Post, Topic
from gonghui.legalaid.tests.conftest import (
    MORNING,
    book,
    make_post,
    make_worker,
    next_weekday,
    refused,
    slot_of,
)

pytestmark = pytest.mark.django_db


def test_a_post_is_in_service_from_its_opening_until_the_day_it_closes(post: Post) -> None:
    post.closed_on = dt.date(2026, 6, 1)
    assert not post.in_service(dt.date(2019, 12, 31))
    assert post.in_service(dt.date(2020, 1, 1))
    assert post.in_service(dt.date(2026, 5, 31))
    assert not post.in_service(dt.date(2026, 6, 1))


def test_a_post_is_opened_only_in_the_cadres_subtree(world: World) -> None:
    fields = {"name": "岗", "address": "路", "phone": "1", "opened_on": dt.date(2024, 1, 1),
              "closed_on": None}  # fmt: skip
    refused("out_of_scope", lambda: services.post_save(
        actor=world.user("district"), union=world.b.street, **fields))  # fmt: skip
    refused("role", lambda: services.post_save(
        actor=world.user("viewer"), union=world.a.street, **fields))  # fmt: skip
    assert not Post.objects.exists()


def test_a_post_cannot_close_before_it_opened(world: World, post: Post) -> None:
    refused("dates", lambda: services.post_save(
        actor=world.user("district"), post=post, union=post.union, name=post.name,
        address=post.address, phone=post.phone, opened_on=post.opened_on,
        closed_on=dt.date(2019, 1, 1)))  # fmt: skip


def test_a_lawyer_with_duty_slots_stays_until_the_slots_go(world: World, post: Post) -> None:
    lawyer = post.lawyers.get()
    refused("in_use", lambda: services.lawyer_remove(actor=world.user("street"), lawyer=lawyer))
    for slot in post.slots.all():
        services.slot_remove(actor=world.user("street"), slot=slot)
    services.lawyer_remove(actor=world.user("street"), lawyer=lawyer)
    lawyer.refresh_from_db()
    assert not lawyer.active
    assert AuditEntry.objects.filter(action="legalaid.lawyer_remove").count() == 1


def test_a_lawyer_is_not_on_duty_twice_at_once(world: World, post: Post) -> None:
    lawyer = post.lawyers.get()
    refused("overlap", lambda: services.slot_add(
        actor=world.user("street"), post=post, weekday=0, starts_at=dt.time(11),
        ends_at=dt.time(12), lawyer=lawyer, capacity=1))  # fmt: skip
    refused("times", lambda: services.slot_add(
        actor=world.user("street"), post=post, weekday=5, starts_at=dt.time(12),
        ends_at=dt.time(11), lawyer=lawyer, capacity=1))  # fmt: skip


def test_a_slot_with_bookings_to_come_is_not_removed(world: World, post: Post, worker: Any) -> None:
    booking = book(worker, post, next_weekday(0))
    refused("booked", lambda: services.slot_remove(actor=world.user("street"), slot=booking.slot))


def test_a_verified_worker_books_a_place(post: Post, worker: Any) -> None:
    day = next_weekday(2)
    booking = book(worker, post, day)
    assert (booking.status, booking.on, booking.slot.weekday) == (Booking.Status.BOOKED, day, 2)
    assert AuditEntry.objects.filter(action="legalaid.booking_make", actor_id=worker.pk).exists()


def test_an_unverified_worker_is_told_to_prove_identity(post: Post) -> None:
    stranger = make_worker("13900002222", "", verified=False)
    refused("identity", lambda: book(stranger, post, next_weekday(0)))


def test_a_past_day_is_refused(post: Post, worker: Any) -> None:
    last_monday = next_weekday(0) - dt.timedelta(days=7)
    refused("past", lambda: book(worker, post, last_monday))


def test_a_day_without_that_slot_is_refused(post: Post, worker: Any) -> None:
    monday, saturday = next_weekday(0), next_weekday(5)
    refused(
        "slot",
        lambda: services.booking_make(
            actor=worker, post=post, slot=slot_of(post, monday), on=saturday, topic=Topic.WAGES
        ),
    )


def test_a_full_slot_is_refused(post: Post, worker: Any) -> None:
    day = next_weekday(1)
    for index in range(2):  # two places
        book(make_worker(f"1390000300{index}", f"工人{index}"), post, day)
    refused("full", lambda: book(worker, post, day))
    assert post.bookings.filter(on=day).count() == 2


def test_a_cancelled_place_is_free_again(post: Post, worker: Any) -> None:
    day = next_weekday(1)
    first = book(make_worker("13900003000", "工人"), post, day)
    book(make_worker("13900003001", "工人"), post, day)
    services.booking_cancel(actor=first.worker, booking=first)
    assert book(worker, post, day).status == Booking.Status.BOOKED


def test_a_post_out_of_service_is_refused(world: World, post: Post, worker: Any) -> None:
    day = next_weekday(3)
    post.closed_on = day
    post.save()
    refused("closed", lambda: book(worker, post, day))


def test_a_second_booking_on_the_same_day_is_refused(world: World, post: Post, worker: Any) -> None:
    day = next_weekday(4)
    book(worker, post, day)
    other = make_post(world, world.a, name="第二爱心岗")
    refused("same_day", lambda: book(worker, other, day))


def test_only_the_worker_cancels_and_only_before_it_starts(post: Post, worker: Any) -> None:
    booking = book(worker, post, next_weekday(0))
    other = make_worker("13900004444", "赵六")
    refused("not_yours", lambda: services.booking_cancel(actor=other, booking=booking))
    services.booking_cancel(actor=worker, booking=booking)
    refused("state", lambda: services.booking_cancel(actor=worker, booking=booking))


def _today_booking(world: World, post: Post, worker: Any) -> Booking:
    """A booking for today (written directly: the booking rules were checked when it was made,
    before its slot began)."""
    today = timezone.localdate()
    slot = post.slots.filter(weekday=today.weekday()).first() or services.slot_add(
        actor=world.user("street"), post=post, weekday=today.weekday(), starts_at=MORNING[0],
        ends_at=MORNING[1], lawyer=post.lawyers.get(), capacity=2,
    )  # fmt: skip
    return Booking.objects.create(post=post, slot=slot, worker=worker, on=today,
                                  topic=Topic.DISMISSAL)  # fmt: skip


def test_the_cadres_record_the_consultation_and_the_worker_came(
    world: World, post: Post, worker: Any
) -> None:
    booking = _today_booking(world, post, worker)
    consultation = services.consultation_record(
        actor=world.user("street"), booking=booking, topic=Topic.DISMISSAL,
        advice="可申请劳动仲裁，主张违法解除赔偿金", outcome=Consultation.Outcome.ADVISED,
    )  # fmt: skip
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ATTENDED
    assert consultation.union == world.a.street and consultation.held_on == booking.on
    refused("recorded", lambda: services.consultation_record(
        actor=world.user("street"), booking=booking, topic=Topic.OTHER, advice="x",
        outcome=Consultation.Outcome.ADVISED))  # fmt: skip


def test_a_referral_says_where_to(world: World, post: Post, worker: Any) -> None:
    booking = _today_booking(world, post, worker)
    refused("referred", lambda: services.consultation_record(
        actor=world.user("street"), booking=booking, topic=Topic.OTHER, advice="x",
        outcome=Consultation.Outcome.REFERRED))  # fmt: skip


def test_attendance_is_not_marked_before_the_day(world: World, post: Post, worker: Any) -> None:
    booking = book(worker, post, next_weekday(0))
    refused("early", lambda: services.booking_mark(
        actor=world.user("street"), booking=booking, attended=False))  # fmt: skip


def test_a_no_show_is_marked_and_takes_no_consultation(
    world: World, post: Post, worker: Any
) -> None:
    booking = _today_booking(world, post, worker)
    services.booking_mark(actor=world.user("street"), booking=booking, attended=False)
    assert booking.status == Booking.Status.NO_SHOW
    refused("state", lambda: services.consultation_record(
        actor=world.user("street"), booking=booking, topic=Topic.OTHER, advice="x",
        outcome=Consultation.Outcome.ADVISED))  # fmt: skip


def test_a_viewer_and_another_district_record_nothing(
    world: World, post: Post, worker: Any
) -> None:
    booking = _today_booking(world, post, worker)
    for user, code in (("viewer", "role"), ("district_b", "out_of_scope")):
        refused(code, lambda user=user: services.booking_mark(
            actor=world.user(user), booking=booking, attended=True))  # fmt: skip
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
