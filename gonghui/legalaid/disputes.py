"""Writes on labour disputes: open one (from a consultation or directly), record a stage's
outcome, hand the dispute to arbitration or a court, close it, interrupt the time limit.

A dispute's steps are the `dispute` case's (workflows.py), taken through
`cases.services.case_transition`, so every step and every refused step is on the case's
timeline and in the audit trail. Only the cadres of the union running the post act.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.cases.models import Case
from gonghui.cases.services import case_open, case_transition
from gonghui.core import audit
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.legalaid.clock import arbitration_deadline
from gonghui.legalaid.models import Consultation, Dispute, Handoff, Interruption, Post
from gonghui.legalaid.outcomes import OUTCOMES
from gonghui.legalaid.workflows import DISPUTE, OWN, STEP_INTO

CLOCK_FIELDS = ["clock_from", "arbitration_deadline"]
OUTCOME_FIELDS = ["outcome", "decided_on", "amount"]


def dispute_open(
    *,
    actor: Any,
    post: Post,
    employer_name: str,
    claim: str,
    arose_on: dt.date,
    amount_claimed: int | None = None,
    claimant_name: str = "",
    consultation: Consultation | None = None,
) -> Dispute:
    """Open a dispute at the post's union, in mediation; from a consultation, the worker who
    booked it is the applicant and the consultation is marked as having become a case."""
    require_editor(actor)
    require_visible(actor, post, "post")
    applicant = None
    if consultation is not None:
        if consultation.booking.post_id != post.pk:
            refuse(_("This consultation was held at another post."), code="post")
        if hasattr(consultation, "dispute"):
            refuse(_("A dispute was already opened from this consultation."), code="opened")
        applicant = consultation.booking.worker
        claimant_name = applicant.first_name
    claimant_name = " ".join(claimant_name.split())
    if not claimant_name:
        refuse(_("Name the worker."), code="claimant", field="claimant_name")
    today = timezone.localdate()
    if arose_on > today:
        refuse(_("The dispute cannot arise in the future."), code="future", field="arose_on")
    with translation.override(settings.LANGUAGE_CODE):  # read later by everyone
        title = _("%(name)s: labour dispute with %(employer)s") % {
            "name": claimant_name, "employer": employer_name,
        }  # fmt: skip
    with transaction.atomic():
        case = case_open(actor=actor, type=DISPUTE.key, union=post.union, title=title[:200],
                         applicant=applicant, data={"post": post.pk})  # fmt: skip
        dispute = Dispute.objects.create(
            case=case, union_id=post.union_id, post=post, consultation=consultation,
            claimant_name=claimant_name, employer_name=employer_name, claim=claim,
            amount_claimed=amount_claimed, arose_on=arose_on, clock_from=arose_on,
            arbitration_deadline=arbitration_deadline(arose_on), opened_on=today,
        )  # fmt: skip
        if consultation is not None:
            consultation.outcome = Consultation.Outcome.CASE
            consultation.save(update_fields=["outcome"])
        audit.record(actor=actor, action="legalaid.dispute_open", obj=dispute, case=case.pk,
                     consultation=consultation.pk if consultation else None)  # fmt: skip
    return dispute


def _require_handler(actor: Any, dispute: Dispute) -> None:
    """Only the cadres of the union running the post act on its disputes."""
    require_editor(actor)
    require_visible(actor, dispute, None)
    if not OWN.allows(actor, dispute.case):
        refuse(_("This step is for the cadres of another union."), code="role")
    if dispute.case.closed_at is not None:
        refuse(_("This dispute is closed."), code="closed")


def _check_date(day: dt.date, *, not_before: dt.date, field: str) -> None:
    if day > timezone.localdate():
        refuse(_("This date is in the future."), code="future", field=field)
    if day < not_before:
        message = _("This date is before %(day)s.") % {"day": not_before.isoformat()}
        refuse(message, code="early", field=field)


def stage_started_on(dispute: Dispute) -> dt.date:
    """The day the dispute entered its current stage (mediation: the day it arose)."""
    return dispute.litigation_on or dispute.arbitration_on or dispute.arose_on


def outcome_record(
    *,
    actor: Any,
    dispute: Dispute,
    outcome: str,
    decided_on: dt.date,
    amount: int | None = None,
    note: str = "",
) -> Any:
    """Record (or correct) how the dispute's current stage ended."""
    _require_handler(actor, dispute)
    stage = dispute.case.state
    if outcome not in OUTCOMES[stage].values:
        refuse(_("Choose an outcome of the current stage."), code="outcome", field="outcome")
    _check_date(decided_on, not_before=stage_started_on(dispute), field="decided_on")
    with transaction.atomic():
        known = dispute.outcomes.filter(stage=stage).first()
        before = snapshot(known, OUTCOME_FIELDS) if known else None
        recorded, _created = dispute.outcomes.update_or_create(
            stage=stage,
            defaults={"outcome": outcome, "decided_on": decided_on, "amount": amount,
                      "note": note.strip(), "recorded_by": actor,
                      "recorded_at": timezone.now()},
        )  # fmt: skip
        after = snapshot(recorded, OUTCOME_FIELDS)
        audit.record(actor=actor, action="legalaid.outcome", obj=dispute, stage=stage,
                     before=before, after=after)  # fmt: skip
    return recorded


def dispute_handoff(
    *,
    actor: Any,
    dispute: Dispute,
    stage: str,
    handed_on: dt.date,
    body: str,
    reference: str,
    note: str = "",
) -> Handoff:
    """Hand the dispute to the arbitration committee or a court and take the step, in one
    transaction: a refused step (recorded on the case, audited) leaves no hand-off."""
    if stage not in STEP_INTO:
        refuse(_("Choose arbitration or litigation."), code="stage", field="stage")
    _check_date(handed_on, not_before=stage_started_on(dispute), field="handed_on")
    refusal: ValidationError | None = None
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=dispute.case_id).first()  # one step at a time
        handoff = None
        if not dispute.handoffs.filter(stage=stage).exists():
            handoff = Handoff.objects.create(
                dispute=dispute, stage=stage, handed_on=handed_on, body=" ".join(body.split()),
                reference=reference.strip(), recorded_by=actor,
            )  # fmt: skip
        try:
            case_transition(actor=actor, case=dispute.case, transition=STEP_INTO[stage],
                            note=note)  # fmt: skip
        except ValidationError as error:
            # The refusal's trace is written; the hand-off goes (the step did not happen).
            if handoff is not None:
                handoff.delete()
            refusal = error
        else:
            assert handoff is not None
            audit.record(actor=actor, action="legalaid.handoff", obj=dispute, stage=stage,
                         handed_on=handed_on.isoformat(), body=handoff.body,
                         reference=handoff.reference)  # fmt: skip
    if refusal is not None:
        raise refusal
    return handoff


def dispute_close(*, actor: Any, dispute: Dispute, note: str = "") -> Case:
    """Close the dispute at its current stage (whose outcome must be recorded)."""
    return case_transition(actor=actor, case=dispute.case, transition="close", note=note)


def clock_interrupt(
    *, actor: Any, dispute: Dispute, on: dt.date, reason: str, note: str = ""
) -> Interruption:
    """An interruption of the time limit (第27条第2款): the year starts again from `on`."""
    _require_handler(actor, dispute)
    if dispute.arbitration_on is not None:
        refuse(_("Arbitration was applied for: the time limit no longer runs."), code="moot")
    _check_date(on, not_before=dispute.clock_from, field="on")
    with transaction.atomic():
        before = snapshot(dispute, CLOCK_FIELDS)
        interruption = Interruption.objects.create(
            dispute=dispute, on=on, reason=reason, note=note.strip(), recorded_by=actor
        )
        dispute.clock_from = on
        dispute.arbitration_deadline = arbitration_deadline(on)
        dispute.save(update_fields=CLOCK_FIELDS)
        audit.record(actor=actor, action="legalaid.clock_interrupt", obj=dispute, before=before,
                     after=snapshot(dispute, CLOCK_FIELDS), reason=reason)  # fmt: skip
    return interruption
