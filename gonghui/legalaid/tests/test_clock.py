"""The one-year arbitration time limit (第27条), its interruption, and the warning list at
its boundaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from gonghui.conftest import World
from gonghui.legalaid import disputes, selectors
from gonghui.legalaid.clock import arbitration_deadline
from gonghui.legalaid.models import Dispute, Interruption, Post
from gonghui.legalaid.outcomes import Stage
from gonghui.legalaid.tests.conftest import open_dispute, refused

TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("arose", "last_day"),
    [
        (dt.date(2025, 3, 10), dt.date(2026, 3, 10)),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # no 29 February in 2025
        (dt.date(2023, 2, 28), dt.date(2024, 2, 28)),
        (dt.date(2025, 12, 31), dt.date(2026, 12, 31)),
    ],
)
def test_the_last_day_is_the_corresponding_day_a_year_later(
    arose: dt.date, last_day: dt.date
) -> None:
    assert arbitration_deadline(arose) == last_day


def _arising(days_left: int) -> dt.date:
    """The day a dispute arose for its last day to fall `days_left` days from today."""
    last = TODAY + dt.timedelta(days=days_left)
    back = (last - dt.timedelta(days=days) for days in (365, 366))
    return next(day for day in back if arbitration_deadline(day) == last)


@pytest.mark.django_db
def test_the_warning_list_holds_the_period_and_the_past(
    world: World, post: Post, settings: Any
) -> None:
    settings.GONGHUI_ARBITRATION_WARNING_DAYS = 60
    made = {left: open_dispute(world, post, arose_on=_arising(left)) for left in
            (61, 60, 1, 0, -1)}  # fmt: skip
    assert made[0].clock().days_left == 0 and made[-1].clock().days_past == 1
    listed = list(selectors.clock_warnings(user=world.user("district")))
    assert listed == [made[-1], made[0], made[1], made[60]]  # the most urgent first


@pytest.mark.django_db
def test_the_warning_period_is_a_setting(world: World, post: Post, settings: Any) -> None:
    settings.GONGHUI_ARBITRATION_WARNING_DAYS = 10
    near, _far = (open_dispute(world, post, arose_on=_arising(left)) for left in (10, 11))
    assert list(selectors.clock_warnings(user=world.user("street"))) == [near]


@pytest.mark.django_db
def test_a_dispute_at_arbitration_or_closed_leaves_the_list(world: World, post: Post) -> None:
    handed, closed, waiting = (open_dispute(world, post, arose_on=_arising(5)) for _ in range(3))
    street = world.user("street")
    for dispute in (handed, closed):
        disputes.outcome_record(actor=street, dispute=dispute, outcome="failed", decided_on=TODAY)
    disputes.dispute_handoff(actor=street, dispute=handed, stage=Stage.ARBITRATION,
                             handed_on=TODAY, body="徐州市劳动人事争议仲裁委员会",
                             reference="徐劳人仲案字〔2026〕第1号")  # fmt: skip
    disputes.dispute_close(actor=street, dispute=closed)
    assert list(selectors.clock_warnings(user=street)) == [waiting]
    assert list(selectors.clock_warnings(user=world.user("district_b"))) == []


@pytest.mark.django_db
def test_an_interruption_starts_the_year_again(world: World, post: Post) -> None:
    dispute = open_dispute(world, post, arose_on=_arising(-3))
    assert dispute in selectors.clock_warnings(user=world.user("street"))
    on = TODAY - dt.timedelta(days=400)
    refused("early", lambda: disputes.clock_interrupt(
        actor=world.user("street"), dispute=dispute, on=on - dt.timedelta(days=400),
        reason=Interruption.Reason.CLAIMED))  # fmt: skip
    disputes.clock_interrupt(actor=world.user("street"), dispute=dispute,
                             on=TODAY - dt.timedelta(days=10), reason=Interruption.Reason.AGREED,
                             note="用人单位书面承诺支付")  # fmt: skip
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert dispute.arbitration_deadline == arbitration_deadline(TODAY - dt.timedelta(days=10))
    assert dispute not in selectors.clock_warnings(user=world.user("street"))
