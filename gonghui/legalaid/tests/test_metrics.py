"""The figures: posts in service, and the year's consultations and disputes with their stage
and how the closed ones ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from gonghui.conftest import World
from gonghui.kpi.selectors import subtree_rows
from gonghui.legalaid import disputes, services
from gonghui.legalaid.models import Booking, Consultation, Post, Topic
from gonghui.legalaid.outcomes import Stage
from gonghui.legalaid.tests.conftest import make_post, open_dispute

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def figures(world: World, node: Any, day: dt.date | None = None) -> dict[str, Any]:
    _as_of, rows = subtree_rows(node, day)
    return {row.figure.metric.key: row.figure for row in rows if row.org == node.code}


def details(figure: Any) -> dict[str, int]:
    return {detail.metric.key: detail.numerator for detail in figure.details}


def test_posts_in_service_are_counted_where_they_are_run(world: World, post: Post) -> None:
    closed = make_post(world, world.a, name="已关闭爱心岗")
    closed.closed_on = TODAY
    closed.save()
    make_post(world, world.b)
    assert figures(world, world.city)["legal_aid_posts"].numerator == 2
    assert figures(world, world.a.street)["legal_aid_posts"].numerator == 1
    yesterday = TODAY - dt.timedelta(days=1)
    assert figures(world, world.a.federation, yesterday)["legal_aid_posts"].numerator == 2


def test_legal_cases_add_consultations_and_disputes_with_their_stages(
    world: World, post: Post, worker: Any
) -> None:
    street = world.user("street")
    slot = post.slots.first()
    booking = Booking.objects.create(post=post, slot=slot, worker=worker, on=TODAY,
                                     topic=Topic.WAGES)  # fmt: skip
    services.consultation_record(actor=street, booking=booking, topic=Topic.WAGES, advice="建议",
                                 outcome=Consultation.Outcome.ADVISED)  # fmt: skip
    _mediating, arbitrating, mediated, withdrawn = (open_dispute(world, post) for _ in range(4))
    for dispute, outcome in ((arbitrating, "failed"), (mediated, "agreement"),
                             (withdrawn, "withdrawn")):  # fmt: skip
        disputes.outcome_record(actor=street, dispute=dispute, outcome=outcome, decided_on=TODAY)
    disputes.dispute_handoff(actor=street, dispute=arbitrating, stage=Stage.ARBITRATION,
                             handed_on=TODAY, body="徐州市劳动人事争议仲裁委员会",
                             reference="徐劳人仲案字〔2026〕第3号")  # fmt: skip
    for dispute in (mediated, withdrawn):
        disputes.dispute_close(actor=street, dispute=dispute)
    legal = figures(world, world.city)["legal_cases"]
    assert legal.numerator == 5  # one consultation, four disputes
    assert details(legal) == {
        "consultations": 1, "disputes": 4, "mediation": 1, "arbitration": 1, "litigation": 0,
        "mediated": 1, "for_worker": 0, "not_for_worker": 1,
    }  # fmt: skip
    assert figures(world, world.b.federation)["legal_cases"].numerator == 0
    yesterday = figures(world, world.city, TODAY - dt.timedelta(days=1))["legal_cases"]
    assert yesterday.numerator == 0 and not any(details(yesterday).values())
