"""Pages: the cadres' within their subtree (404 outside, read-only for viewers), the
workers' own bookings and disputes only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.conftest import World
from gonghui.legalaid import disputes
from gonghui.legalaid.models import Booking, Handoff, Post
from gonghui.legalaid.outcomes import Stage
from gonghui.legalaid.tests.conftest import (
    book,
    make_post,
    make_worker,
    next_weekday,
    open_dispute,
)

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_cadres_see_their_subtrees_posts_and_disputes_only(world: World, post: Post) -> None:
    other = make_post(world, world.b, name="云龙爱心岗")
    dispute = open_dispute(world, post)
    client = signed_in(world.user("district_b"))
    for url in (f"/legal/posts/{post.pk}/", f"/legal/posts/{post.pk}/bookings/",
                f"/legal/disputes/{dispute.pk}/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/legal/disputes/{dispute.pk}/outcome/").status_code == 404
    page = signed_in(world.user("district")).get("/legal/").content.decode()
    assert post.name in page and other.name not in page
    assert signed_in(world.user("grassroots")).get(f"/legal/posts/{post.pk}/").status_code == 404


def test_a_viewer_reads_but_changes_nothing(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    client = signed_in(world.user("viewer"))
    page = client.get(f"/legal/posts/{post.pk}/").content.decode()
    assert "陈律师" in page and 'data-testid="lawyer-form"' not in page
    assert (
        'data-testid="handoff-form"'
        not in client.get(f"/legal/disputes/{dispute.pk}/").content.decode()
    )
    lawyer = post.lawyers.get()
    for url in (
        "/legal/posts/new/",
        f"/legal/posts/{post.pk}/lawyers/",
        f"/legal/lawyers/{lawyer.pk}/remove/",
        f"/legal/disputes/{dispute.pk}/handoff/",
    ):
        assert client.post(url, {"name": "x"}).status_code == 403, url
    assert post.lawyers.filter(active=True).count() == 1


def test_a_cadre_opens_a_post_and_puts_a_lawyer_on_duty(world: World) -> None:
    client = signed_in(world.user("district"))
    response = client.post("/legal/posts/new/", {
        "union": world.a.street.pk, "name": "鼓楼区总工会法律援助爱心岗", "address": "中山北路2号",
        "phone": "0516-85000000", "opened_on": "2026-01-01",
    })  # fmt: skip
    post = Post.objects.get()
    assert response.status_code == 302 and post.union == world.a.street
    lawyer = {"name": "李律师", "firm": "江苏某律师事务所", "licence_number": "13203201510000002"}
    client.post(f"/legal/posts/{post.pk}/lawyers/", lawyer)
    lawyer = post.lawyers.get()
    client.post(f"/legal/posts/{post.pk}/slots/", {"weekday": 2, "starts_at": "14:00",
                                                   "ends_at": "17:00", "lawyer": lawyer.pk,
                                                   "capacity": 3})  # fmt: skip
    page = client.get(f"/legal/posts/{post.pk}/").content.decode()
    assert "李律师" in page and "14:00–17:00" in page


def test_a_wrong_slot_is_shown_beside_the_field(world: World, post: Post) -> None:
    client = signed_in(world.user("street"))
    response = client.post(f"/legal/posts/{post.pk}/slots/", {
        "weekday": 6, "starts_at": "12:00", "ends_at": "11:00",
        "lawyer": post.lawyers.get().pk, "capacity": 1,
    })  # fmt: skip
    assert response.status_code == 200
    assert response.context["slot_form"].errors["ends_at"]
    assert post.slots.count() == 5


def test_a_worker_books_and_cancels_their_own(world: World, post: Post, worker: Any) -> None:
    client = signed_in(worker)
    day = next_weekday(1)
    page = client.get(f"/legal/my/book/?post={post.pk}&day={day:%Y-%m-%d}").content.decode()
    assert "09:00–11:30" in page and "2" in page
    slot = post.slots.get(weekday=1)
    response = client.post(
        f"/legal/my/book/?post={post.pk}&day={day:%Y-%m-%d}",
        {"post": post.pk, "on": day.isoformat(), "slot": slot.pk, "topic": "wages"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert post.name in client.get("/legal/my/").content.decode()
    client.post(f"/legal/my/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_refused_booking_says_why(world: World, post: Post, worker: Any) -> None:
    day = next_weekday(1)
    book(worker, post, day)
    response = signed_in(worker).post(f"/legal/my/book/?post={post.pk}&day={day:%Y-%m-%d}", {
        "post": post.pk, "on": day.isoformat(), "slot": post.slots.get(weekday=1).pk,
        "topic": "wages"})  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["on"]
    assert Booking.objects.count() == 1


def test_a_worker_sees_only_their_own_bookings_and_disputes(
    world: World, post: Post, worker: Any
) -> None:
    mine = book(worker, post, next_weekday(0))
    other = make_worker("13900005555", "赵六")
    theirs = book(other, post, next_weekday(1))
    dispute = open_dispute(world, post)
    dispute.case.applicant = other
    dispute.case.save()
    client = signed_in(worker)
    assert client.post(f"/legal/my/bookings/{theirs.pk}/cancel/").status_code == 404
    assert client.get(f"/legal/my/disputes/{dispute.pk}/").status_code == 404
    assert signed_in(other).get(f"/legal/my/disputes/{dispute.pk}/").status_code == 200
    page = client.get("/legal/my/").content.decode()
    assert dispute.case.title not in page and mine.post.name in page
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.BOOKED
    assert client.get(f"/legal/posts/{post.pk}/").status_code == 403  # no cadre pages


def test_the_worker_follows_the_dispute_with_its_hand_offs(
    world: World, post: Post, worker: Any
) -> None:
    dispute = open_dispute(world, post)
    dispute.case.applicant = worker
    dispute.case.save()
    today = timezone.localdate()
    disputes.outcome_record(actor=world.user("street"), dispute=dispute, outcome="failed",
                            decided_on=today)  # fmt: skip
    disputes.dispute_handoff(
        actor=world.user("street"), dispute=dispute, stage=Stage.ARBITRATION, handed_on=today,
        body="徐州市劳动人事争议仲裁委员会", reference="徐劳人仲案字〔2026〕第8号",
    )  # fmt: skip
    page = signed_in(worker).get(f"/legal/my/disputes/{dispute.pk}/").content.decode()
    assert "徐劳人仲案字〔2026〕第8号" in page and Handoff.objects.count() == 1


def test_a_cadre_hands_off_from_the_dispute_page(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    client = signed_in(world.user("street"))
    today = timezone.localdate().isoformat()
    missing = client.post(
        f"/legal/disputes/{dispute.pk}/handoff/",
        {"stage": "arbitration", "handed_on": today, "body": "仲裁委", "reference": "案1"},
    )
    assert missing.status_code == 200  # mediation has no outcome yet: the page says so
    assert "handoff_form" in missing.context and not Handoff.objects.exists()
    client.post(f"/legal/disputes/{dispute.pk}/outcome/", {"outcome": "failed",
                                                           "decided_on": today})  # fmt: skip
    done = client.post(f"/legal/disputes/{dispute.pk}/handoff/", {
        "stage": "arbitration", "handed_on": today, "body": "徐州市劳动人事争议仲裁委员会",
        "reference": "徐劳人仲案字〔2026〕第9号"})  # fmt: skip
    assert done.status_code == 302
    page = client.get(f"/legal/disputes/{dispute.pk}/").content.decode()
    assert "徐劳人仲案字〔2026〕第9号" in page


def test_the_day_list_leads_to_the_consultation_and_a_dispute(
    world: World, post: Post, worker: Any
) -> None:
    today = timezone.localdate()
    slot = post.slots.filter(weekday=today.weekday()).first() or post.slots.create(
        weekday=today.weekday(), starts_at="08:00", ends_at="08:30", lawyer=post.lawyers.get(),
        capacity=1,
    )  # fmt: skip
    booking = Booking.objects.create(post=post, slot=slot, worker=worker, on=today, topic="wages")
    client = signed_in(world.user("street"))
    day_list = client.get(f"/legal/posts/{post.pk}/bookings/").content.decode()
    assert f"/legal/bookings/{booking.pk}/" in day_list and "王五" in day_list
    early = client.post(f"/legal/bookings/{booking.pk}/dispute/", {"employer_name": "厂"})
    assert early.status_code == 302 and not booking.post.union.cases.exists()
    client.post(f"/legal/bookings/{booking.pk}/consultation/", {
        "topic": "wages", "advice": "可先申请调解", "outcome": "advised"})  # fmt: skip
    response = client.post(f"/legal/bookings/{booking.pk}/dispute/", {
        "employer_name": "鼓楼机械厂", "claim": "wages", "amount_claimed": "8000",
        "arose_on": today.isoformat()})  # fmt: skip
    dispute = booking.consultation.dispute
    assert response["Location"] == f"/legal/disputes/{dispute.pk}/"
    assert dispute.case.applicant == worker and dispute.claimant_name == "王五"
    assert "王五" in signed_in(worker).get("/legal/my/").content.decode()


def test_a_cadre_opens_a_dispute_for_a_walk_in_worker(world: World, post: Post) -> None:
    client = signed_in(world.user("district"))
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    fields = {"post": post.pk, "claimant_name": "孙七", "employer_name": "某物流公司",
              "claim": "dismissal", "arose_on": future}  # fmt: skip
    refused = client.post("/legal/disputes/new/", fields)
    assert refused.context["form"].errors["arose_on"]
    other = make_post(world, world.b)
    forged = client.post("/legal/disputes/new/", fields | {"post": other.pk})
    assert forged.context["form"].errors["post"]
    done = client.post(
        "/legal/disputes/new/",
        fields | {"arose_on": (timezone.localdate() - dt.timedelta(days=9)).isoformat()},
    )
    assert done.status_code == 302
    assert "孙七" in client.get("/legal/disputes/").content.decode()
