"""A legal-aid post of district A's street federation, with a lawyer on duty every weekday
morning, and workers with (and without) a proven identity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import Role, User
from gonghui.conftest import District, World
from gonghui.core import crypto
from gonghui.legalaid import disputes, services
from gonghui.legalaid.models import Booking, Dispute, DutySlot, Post, Topic
from gonghui.portal.models import WorkerProfile
from gonghui.portal.services import worker_username

WORKER_PASSWORD = "Worker-password-2026"
MORNING = (dt.time(9), dt.time(11, 30))


def make_worker(mobile: str, name: str, *, verified: bool = True) -> User:
    user = User.objects.create_user(username=worker_username(mobile), password=WORKER_PASSWORD,
                                    role=Role.WORKER, first_name=name)  # fmt: skip
    WorkerProfile.objects.create(
        user=user, mobile_cipher=crypto.encrypt(mobile), mobile_blind=crypto.blind_index(mobile),
        name=name, verified_at=timezone.now() if verified else None,
    )  # fmt: skip
    return user


def make_post(world: World, district: District, name: str = "法律援助爱心岗") -> Post:
    """A post of the district's street federation, a lawyer on duty each weekday morning."""
    cadre = next(u for u in world.users.values() if u.org == district.federation)
    post = services.post_save(
        actor=cadre, union=district.street, name=name, address="解放路1号",
        phone="0516-83000000", opened_on=dt.date(2020, 1, 1), closed_on=None,
    )  # fmt: skip
    lawyer = services.lawyer_add(actor=cadre, post=post, name="陈律师", firm="徐州正义律师事务所",
                                 licence_number="13203201010000001")  # fmt: skip
    for weekday in range(5):
        services.slot_add(actor=cadre, post=post, weekday=weekday, starts_at=MORNING[0],
                          ends_at=MORNING[1], lawyer=lawyer, capacity=2)  # fmt: skip
    return post


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    """The first such weekday after `after` (today by default)."""
    day = (after or timezone.localdate()) + dt.timedelta(days=1)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def slot_of(post: Post, day: dt.date) -> DutySlot:
    return post.slots.get(weekday=day.weekday())


def book(worker: User, post: Post, day: dt.date) -> Booking:
    return services.booking_make(actor=worker, post=post, slot=slot_of(post, day), on=day,
                                 topic=Topic.WAGES)  # fmt: skip


def open_dispute(world: World, post: Post, *, actor: User | None = None, **extra: Any) -> Dispute:
    """A dispute opened directly by a cadre of the post's union (A's street by default)."""
    fields = {
        "employer_name": "鼓楼机械厂",
        "claim": Topic.WAGES,
        "amount_claimed": 12000,
        "arose_on": timezone.localdate() - dt.timedelta(days=30),
        "claimant_name": "王五",
    }
    return disputes.dispute_open(actor=actor or world.user("street"), post=post,
                                 **(fields | extra))  # fmt: skip


def refused(code: str, write: Callable[[], object]) -> None:
    """`write` is refused with `code` (on a field or not)."""
    with pytest.raises(ValidationError) as caught:
        write()
    error = caught.value
    if hasattr(error, "error_dict"):
        codes = {e.code for errors in error.error_dict.values() for e in errors}
    else:
        codes = {e.code for e in error.error_list}
    assert code in codes, codes


@pytest.fixture
def post(world: World) -> Post:
    return make_post(world, world.a)


@pytest.fixture
def worker(world: World) -> User:
    user = make_worker("13900001111", "王五")
    world.users["worker"] = user
    return user
