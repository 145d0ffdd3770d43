"""Legal-aid records of a district for the scope walk (core/tests/test_scope_walk.py): a post
of its street federation (its pages name that federation), a lawyer and a slot of it, a
booking by a worker bearing the district member's name, and a dispute of that member."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.conftest import District, World
from gonghui.legalaid.models import Booking, Dispute, DutySlot, Lawyer, Post, Topic
from gonghui.legalaid.tests.conftest import make_post, make_worker, next_weekday, open_dispute

EXEMPT: dict[str, str] = {}


def samples(world: World, district: District) -> dict[type, object]:
    post = make_post(world, district)
    worker = make_worker(f"139{district.area.code[-4:]}0000", district.member.name)
    day = next_weekday(0)
    booking = Booking.objects.create(post=post, slot=post.slots.get(weekday=0), worker=worker,
                                     on=day, topic=Topic.WAGES)  # fmt: skip
    cadre = next(user for user in world.users.values() if user.org == district.federation)
    # Near its time limit, so the warning list would show it too.
    arose_on = timezone.localdate() - dt.timedelta(days=330)
    dispute = open_dispute(world, post, actor=cadre, claimant_name=district.member.name,
                           arose_on=arose_on)  # fmt: skip
    return {
        Post: post,
        Lawyer: post.lawyers.get(),
        DutySlot: post.slots.get(weekday=0),
        Booking: booking,
        Dispute: dispute,
    }
