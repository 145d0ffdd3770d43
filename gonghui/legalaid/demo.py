"""Demo legal-aid posts for `gonghui demo`: one at each district federation and at some street
federations, each with one or two lawyers on duty two or three half-days a week, written in
bulk. The law firms and lawyers are invented."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from gonghui.core import bulk
from gonghui.legalaid.models import DutySlot, Lawyer, Post
from gonghui.orgs.models import Union

FIRMS = ("彭城律师事务所", "汉风律师事务所", "云龙湖律师事务所", "淮海律师事务所", "楚韵律师事务所")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = "伟芳敏静强磊军洋勇杰涛明超霞平刚英"
HALF_DAYS = ((dt.time(9), dt.time(11, 30)), (dt.time(14), dt.time(17)))


def seed(federations: Sequence[int], rng: random.Random, *, street_share: float = 0.2) -> int:
    """Posts at every district federation and about `street_share` of the street federations
    among `federations` (union ids); returns how many. Call after the unions are loaded,
    inside the demo's transaction."""
    today = timezone.localdate()
    unions = Union.objects.filter(pk__in=federations).values_list("pk", "name", "kind")
    chosen = [
        (pk, name)
        for pk, name, kind in unions.order_by("path")
        if kind == Union.Kind.DISTRICT
        or (kind == Union.Kind.STREET and rng.random() < street_share)
    ]
    post_id = _next_id(Post)
    lawyer_id = _next_id(Lawyer)
    posts, lawyers, slots = [], [], []
    for pk, (union, name) in enumerate(chosen, start=post_id):
        opened = today - dt.timedelta(days=rng.randint(60, 1500))
        address = f"{name.removesuffix('总工会')}职工服务中心{rng.randint(1, 3)}楼"
        posts.append((pk, union, f"{name}法律援助爱心岗", address,
                      f"0516-8{rng.randint(1000000, 9999999)}", opened, None))  # fmt: skip
        weekdays = rng.sample(range(5), rng.randint(2, 3))
        count = rng.randint(1, 2)
        for index in range(count):
            lawyers.append((lawyer_id, pk, _name(rng), rng.choice(FIRMS),
                            f"1320{rng.randint(2005, 2024)}{lawyer_id:09d}", True))  # fmt: skip
            for weekday in weekdays[index::count]:
                start, end = rng.choice(HALF_DAYS)
                slots.append((pk, weekday, start, end, lawyer_id, rng.randint(3, 6), True))
            lawyer_id += 1
    bulk.load_rows(Post, ("id", "union_id", "name", "address", "phone", "opened_on",
                          "closed_on"), posts)  # fmt: skip
    bulk.load_rows(Lawyer, ("id", "post_id", "name", "firm", "licence_number", "active"), lawyers)
    bulk.load_rows(DutySlot, ("post_id", "weekday", "starts_at", "ends_at", "lawyer_id",
                              "capacity", "active"), slots)  # fmt: skip
    bulk.reset_sequences([Post, Lawyer, DutySlot])
    return len(posts)


def _next_id(model: type[Post] | type[Lawyer]) -> int:
    return (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
