"""The demo's posts: at every district federation, each with lawyers on duty."""

from __future__ import annotations

import random

import pytest

from gonghui.conftest import World
from gonghui.legalaid import demo
from gonghui.legalaid.models import Post
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db


def test_every_district_gets_a_post_with_lawyers_on_duty(world: World) -> None:
    federations = Union.objects.exclude(kind__in=Union.GRASSROOTS_KINDS).values_list(
        "pk", flat=True
    )
    written = demo.seed(list(federations), random.Random(1), street_share=1.0)
    assert written == Post.objects.count() == 4  # two districts, two streets
    for post in Post.objects.all():
        assert post.in_service() and post.lawyers.exists()
        assert all(lawyer.slots.exists() for lawyer in post.lawyers.all())
    assert Post.objects.create(union=world.a.street, name="新岗", address="路", phone="1",
                               opened_on=post.opened_on).pk > max(  # the sequence moved on
        Post.objects.exclude(name="新岗").values_list("pk", flat=True))  # fmt: skip
