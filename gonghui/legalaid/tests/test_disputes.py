"""A dispute moves mediation → arbitration → litigation → closed: each hand-off recorded with
its step or not at all, each stage left with its outcome, forged steps refused with a trace."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.cases.models import CaseEvent
from gonghui.cases.services import case_transition
from gonghui.conftest import World
from gonghui.core.models import AuditEntry
from gonghui.legalaid import disputes, services
from gonghui.legalaid.models import Booking, Consultation, Dispute, Handoff, Post, Topic
from gonghui.legalaid.outcomes import Result, Stage
from gonghui.legalaid.tests.conftest import open_dispute, refused

pytestmark = pytest.mark.django_db
COMMITTEE = "徐州市劳动人事争议仲裁委员会"
COURT = "徐州市鼓楼区人民法院"


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def end_stage(world: World, dispute: Dispute, outcome: str, days_ago: int = 1) -> None:
    disputes.outcome_record(actor=world.user("street"), dispute=dispute, outcome=outcome,
                            decided_on=ago(days_ago))  # fmt: skip


def hand_off(world: World, dispute: Dispute, stage: str, reference: str, **extra: Any) -> Any:
    fields = {"handed_on": ago(1), "body": COMMITTEE if stage == Stage.ARBITRATION else COURT}
    return disputes.dispute_handoff(actor=extra.pop("actor", world.user("street")),
                                    dispute=dispute, stage=stage, reference=reference,
                                    **(fields | extra))  # fmt: skip


def fresh(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_related("case").get(pk=dispute.pk)


def test_a_dispute_opens_in_mediation_at_the_posts_union(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    assert dispute.case.type == "dispute" and dispute.case.state == Stage.MEDIATION
    assert dispute.case.union == post.union == dispute.union
    assert dispute.arbitration_deadline == dispute.arose_on.replace(year=dispute.arose_on.year + 1)
    assert AuditEntry.objects.filter(action="legalaid.dispute_open").count() == 1


def test_a_dispute_from_a_consultation_belongs_to_the_worker(
    world: World, post: Post, worker: Any
) -> None:
    today = timezone.localdate()
    slot = services.slot_add(actor=world.user("street"), post=post, weekday=today.weekday(),
                             starts_at=dt.time(14), ends_at=dt.time(16),
                             lawyer=post.lawyers.get(), capacity=1)  # fmt: skip
    booking = Booking.objects.create(post=post, slot=slot, worker=worker, on=today,
                                     topic=Topic.WAGES)  # fmt: skip
    consultation = services.consultation_record(
        actor=world.user("street"), booking=booking, topic=Topic.WAGES, advice="先行调解",
        outcome=Consultation.Outcome.ADVISED,
    )  # fmt: skip
    dispute = open_dispute(world, post, consultation=consultation, claimant_name="")
    consultation.refresh_from_db()
    assert dispute.case.applicant == worker and dispute.claimant_name == "王五"
    assert consultation.outcome == Consultation.Outcome.CASE
    refused("opened", lambda: open_dispute(world, post, consultation=consultation))


def test_a_dispute_cannot_arise_in_the_future(world: World, post: Post) -> None:
    refused("future", lambda: open_dispute(world, post, arose_on=ago(-1)))
    assert not Dispute.objects.exists()


def test_the_case_goes_through_every_stage_with_hand_offs(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    end_stage(world, dispute, "failed", days_ago=5)
    hand_off(world, dispute, Stage.ARBITRATION, "徐劳人仲案字〔2026〕第12号", handed_on=ago(4))
    dispute = fresh(dispute)
    assert dispute.case.state == Stage.ARBITRATION and dispute.arbitration_on == ago(4)
    end_stage(world, dispute, "partly", days_ago=2)
    hand_off(world, dispute, Stage.LITIGATION, "(2026)苏0302民初1234号", handed_on=ago(1))
    dispute = fresh(dispute)
    assert dispute.case.state == Stage.LITIGATION and dispute.litigation_on == ago(1)
    end_stage(world, dispute, "for", days_ago=0)
    disputes.dispute_close(actor=world.user("street"), dispute=dispute)
    dispute = fresh(dispute)
    assert dispute.case.state == "closed" and dispute.result == Result.FOR_WORKER
    assert [h.reference for h in dispute.handoffs.all()] == [
        "徐劳人仲案字〔2026〕第12号", "(2026)苏0302民初1234号",
    ]  # fmt: skip
    stages = list(dispute.outcomes.values_list("stage", "outcome"))
    assert stages == [("mediation", "failed"), ("arbitration", "partly"), ("litigation", "for")]


def test_a_stage_is_left_only_with_its_outcome(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    refused("effect", lambda: hand_off(world, dispute, Stage.ARBITRATION, "案1"))
    refused("effect", lambda: disputes.dispute_close(actor=world.user("street"), dispute=dispute))
    assert not Handoff.objects.exists()
    assert fresh(dispute).case.state == Stage.MEDIATION


def test_a_refused_step_leaves_no_hand_off_but_a_trace(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    end_stage(world, dispute, "failed")
    # The district federation sees the dispute but is not the post's union: refused.
    refused("role", lambda: hand_off(world, dispute, Stage.ARBITRATION, "案1",
                                     actor=world.user("district")))  # fmt: skip
    assert not Handoff.objects.exists()
    refusal = dispute.case.events.get(kind=CaseEvent.Kind.REFUSAL)
    assert refusal.transition == "to_arbitration" and refusal.actor == world.user("district")
    assert AuditEntry.objects.filter(action="case.transition", result="refused").count() == 1
    assert fresh(dispute).case.state == Stage.MEDIATION


def test_a_step_forged_past_the_hand_off_is_refused_and_audited(world: World, post: Post) -> None:
    """Taking the step on the generic case page (or a forged request) records no hand-off."""
    dispute = open_dispute(world, post)
    end_stage(world, dispute, "failed")
    refused("effect", lambda: case_transition(actor=world.user("street"), case=dispute.case,
                                              transition="to_arbitration"))  # fmt: skip
    assert fresh(dispute).case.state == Stage.MEDIATION and fresh(dispute).arbitration_on is None
    refusal = AuditEntry.objects.get(action="case.transition", result="refused")
    assert refusal.detail["transition"] == "to_arbitration"
    assert refusal.detail["reason"] == "effect"


def test_the_case_page_offers_no_step_that_needs_the_dispute_page(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    end_stage(world, dispute, "failed")
    client = Client()
    client.force_login(world.user("street"))  # a cadre of the post's union
    page = client.get(f"/cases/{dispute.case_id}/").content.decode()
    assert 'value="to_arbitration"' not in page and 'value="close"' not in page
    dispute_page = client.get(f"/legal/disputes/{dispute.pk}/").content.decode()
    assert 'data-testid="handoff-form"' in dispute_page


def test_a_stage_cannot_be_skipped(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    end_stage(world, dispute, "failed")
    refused("state", lambda: hand_off(world, dispute, Stage.LITIGATION, "案2"))
    assert not Handoff.objects.exists()
    assert dispute.case.events.filter(kind=CaseEvent.Kind.REFUSAL).count() == 1


def test_only_an_award_goes_to_court(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    end_stage(world, dispute, "failed")
    hand_off(world, dispute, Stage.ARBITRATION, "案1")
    end_stage(world, fresh(dispute), "settled", days_ago=0)
    refused("effect", lambda: hand_off(world, fresh(dispute), Stage.LITIGATION, "案2",
                                       handed_on=ago(0)))  # fmt: skip
    assert list(Handoff.objects.values_list("stage", flat=True)) == [Stage.ARBITRATION]


def test_an_outcome_belongs_to_the_current_stage(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    refused("outcome", lambda: end_stage(world, dispute, "partly"))  # an award, in mediation
    end_stage(world, dispute, "failed")
    end_stage(world, dispute, "agreement")  # corrected
    assert list(dispute.outcomes.values_list("outcome", flat=True)) == ["agreement"]
    disputes.dispute_close(actor=world.user("street"), dispute=dispute)
    assert fresh(dispute).result == Result.MEDIATED
    refused("closed", lambda: end_stage(world, fresh(dispute), "failed"))


def test_dates_are_neither_future_nor_before_the_stage(world: World, post: Post) -> None:
    dispute = open_dispute(world, post, arose_on=ago(30))
    refused(
        "future",
        lambda: disputes.outcome_record(
            actor=world.user("street"), dispute=dispute, outcome="failed", decided_on=ago(-1)
        ),
    )
    refused(
        "early",
        lambda: disputes.outcome_record(
            actor=world.user("street"), dispute=dispute, outcome="failed", decided_on=ago(31)
        ),
    )
    end_stage(world, dispute, "failed")
    refused("early", lambda: hand_off(world, dispute, Stage.ARBITRATION, "案1",
                                      handed_on=ago(31)))  # fmt: skip


def test_outcomes_and_interruptions_are_for_the_posts_union(world: World, post: Post) -> None:
    dispute = open_dispute(world, post)
    for user, code in (("district", "role"), ("viewer", "role"), ("district_b", "out_of_scope")):
        refused(
            code,
            lambda user=user: disputes.outcome_record(
                actor=world.user(user), dispute=dispute, outcome="failed", decided_on=ago(1)
            ),
        )
    assert not dispute.outcomes.exists()
