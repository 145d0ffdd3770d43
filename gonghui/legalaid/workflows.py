"""劳动争议: a labour dispute taken from mediation to arbitration and the courts (调-裁-诉).

The cadres of the union running the legal-aid post act. A dispute leaves a stage only with that
stage's outcome recorded, and moves on to arbitration or litigation only with its hand-off
(date, receiving body, 案号) recorded: `disputes.dispute_handoff` writes the hand-off and takes
the step in one transaction. The effects below check both inside the step's transaction, so a
step taken any other way (the generic case page, a forged request) is refused with a trace.

Deadlines: mediation 15 days (劳动争议调解仲裁法 第14条), arbitration 45 days extendable by 15
(第43条), a first-instance civil judgment six months (民事诉讼法 第152条).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.cases.models import Case
from gonghui.cases.workflow import Cadre, State, Transition, Workflow, register
from gonghui.core.services import refuse
from gonghui.legalaid.models import Dispute
from gonghui.legalaid.outcomes import NEXT_STAGE, Stage, hands_on, result_of

OWN = Cadre.own_union()


def _dispute(case: Case) -> Dispute:
    return Dispute.objects.select_for_update().get(case=case)


def _outcome_of_stage(dispute: Dispute, stage: str) -> str:
    outcome = dispute.outcomes.filter(stage=stage).values_list("outcome", flat=True).first()
    if outcome is None:
        refuse(_("Record how this stage ended first."), code="outcome")
    return outcome


def _hand_over(actor: Any, case: Case) -> None:
    """Into arbitration or litigation: the stage left has its outcome, the hand-off exists."""
    dispute = _dispute(case)
    target = NEXT_STAGE[case.state]
    if not hands_on(case.state, _outcome_of_stage(dispute, case.state)):
        refuse(_("Only an arbitral award can be taken to court."), code="no_award")
    handoff = dispute.handoffs.filter(stage=target).first()
    if handoff is None:
        refuse(_("Record the hand-off (date, receiving body, reference number) on the dispute "
                 "page."), code="handoff")  # fmt: skip
    field = "arbitration_on" if target == Stage.ARBITRATION else "litigation_on"
    setattr(dispute, field, handoff.handed_on)
    dispute.save(update_fields=[field])


def _close(actor: Any, case: Case) -> None:
    dispute = _dispute(case)
    dispute.result = result_of(case.state, _outcome_of_stage(dispute, case.state))
    dispute.closed_on = timezone.localdate()
    dispute.save(update_fields=["result", "closed_on"])


STAGES = (Stage.MEDIATION, Stage.ARBITRATION, Stage.LITIGATION)

DISPUTE = register(Workflow(
    key="dispute",
    label=gettext_lazy("Labour dispute"),
    states=(
        State(Stage.MEDIATION, Stage.MEDIATION.label, days=15),
        State(Stage.ARBITRATION, Stage.ARBITRATION.label, days=60),
        State(Stage.LITIGATION, Stage.LITIGATION.label, days=183),
        State("closed", gettext_lazy("Closed"), final=True),
    ),
    transitions=(
        Transition("to_arbitration", gettext_lazy("Hand to arbitration"),
                   sources=(Stage.MEDIATION,), target=Stage.ARBITRATION, by=(OWN,),
                   effect=_hand_over, offered=False),
        Transition("to_litigation", gettext_lazy("Hand to the court"),
                   sources=(Stage.ARBITRATION,), target=Stage.LITIGATION, by=(OWN,),
                   effect=_hand_over, offered=False),
        Transition("close", gettext_lazy("Close the case"), sources=STAGES, target="closed",
                   by=(OWN,), effect=_close, offered=False),
    ),
))  # fmt: skip
# The step that hands a dispute to each stage.
STEP_INTO = {Stage.ARBITRATION: "to_arbitration", Stage.LITIGATION: "to_litigation"}
