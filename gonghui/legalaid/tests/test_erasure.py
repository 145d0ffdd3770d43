"""Erasing a worker reaches legal aid: the booking note and the name on the dispute go."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.conftest import World, resident_id
from gonghui.core import crypto
from gonghui.legalaid import services
from gonghui.legalaid.models import Booking, Consultation, Dispute, Post, Topic
from gonghui.legalaid.tests.conftest import open_dispute
from gonghui.members.erasure import person_erase
from gonghui.portal.models import WorkerProfile

ID_NUMBER = resident_id("320302", "19880808", 21)


def test_erasing_the_worker_clears_their_name_and_notes_and_keeps_the_dispute(
    world: World, post: Post, worker: Any
) -> None:
    WorkerProfile.objects.filter(user=worker).update(
        id_cipher=crypto.encrypt(ID_NUMBER), id_blind=crypto.blind_index(ID_NUMBER)
    )
    today = timezone.localdate()
    slot = services.slot_add(actor=world.user("street"), post=post, weekday=today.weekday(),
                             starts_at=dt.time(14), ends_at=dt.time(16),
                             lawyer=post.lawyers.get(), capacity=1)  # fmt: skip
    booking = Booking.objects.create(post=post, slot=slot, worker=worker, on=today,
                                     topic=Topic.WAGES, note="王五的工资被拖欠")  # fmt: skip
    consultation = services.consultation_record(
        actor=world.user("street"), booking=booking, topic=Topic.WAGES, advice="先行调解",
        outcome=Consultation.Outcome.ADVISED,
    )  # fmt: skip
    dispute = open_dispute(world, post, consultation=consultation, claimant_name="")
    assert "王五" in Case.objects.get(pk=dispute.case_id).title

    changed = person_erase(actor=None, id_number=ID_NUMBER)

    assert changed["legalaid"] == 2 and changed["portal"] == 1
    dispute = Dispute.objects.select_related("case").get(pk=dispute.pk)
    assert "王五" not in dispute.claimant_name and "王五" not in dispute.case.title
    assert (dispute.claim, dispute.amount_claimed) == (Topic.WAGES, 12000)
    assert Booking.objects.get(pk=booking.pk).note == ""
