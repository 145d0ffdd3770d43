"""The stages of a labour dispute (调解 → 仲裁 → 诉讼) and how each may end.

Mediation ends in an agreement (调解协议), or fails, or the worker withdraws; arbitration in an
award (裁决) wholly or partly for the worker or against, a settlement (仲裁调解书) or a
withdrawal; litigation alike with a judgment (判决). Only an award may be taken to court:
a settlement is binding and a withdrawal ends the proceedings.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    MEDIATION = "mediation", _("Mediation")
    ARBITRATION = "arbitration", _("Arbitration")
    LITIGATION = "litigation", _("Litigation")


class Result(models.TextChoices):
    """How a closed dispute ended, for the figures."""

    MEDIATED = "mediated", _("Agreement reached in mediation")
    FOR_WORKER = "for_worker", _("Decided or settled for the worker")
    AGAINST = "against", _("Decided against the worker")
    WITHDRAWN = "withdrawn", _("Withdrawn or given up")


class MediationOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement reached")
    FAILED = "failed", _("Mediation failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ArbitrationOutcome(models.TextChoices):
    FOR = "for", _("Award for the worker")
    PARTLY = "partly", _("Award partly for the worker")
    AGAINST = "against", _("Award against the worker")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LitigationOutcome(models.TextChoices):
    FOR = "for", _("Judgment for the worker")
    PARTLY = "partly", _("Judgment partly for the worker")
    AGAINST = "against", _("Judgment against the worker")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OUTCOMES: dict[str, type[models.TextChoices]] = {
    Stage.MEDIATION: MediationOutcome,
    Stage.ARBITRATION: ArbitrationOutcome,
    Stage.LITIGATION: LitigationOutcome,
}
# Outcomes of arbitration that may be taken to court.
AWARDS = (ArbitrationOutcome.FOR, ArbitrationOutcome.PARTLY, ArbitrationOutcome.AGAINST)
# The stage a hand-off moves a dispute into, from the stage it leaves.
NEXT_STAGE = {Stage.MEDIATION: Stage.ARBITRATION, Stage.ARBITRATION: Stage.LITIGATION}


def hands_on(stage: str, outcome: str) -> bool:
    """Whether a stage that ended with `outcome` may go on to the next: mediation always (an
    agreement not honoured may still be arbitrated, 第15条), arbitration only after an award."""
    return stage in NEXT_STAGE and (stage != Stage.ARBITRATION or outcome in AWARDS)


def choices_of(stage: str) -> list[tuple[str, str]]:
    return list(OUTCOMES[stage].choices)


def label_of(stage: str, outcome: str) -> str:
    return str(dict(choices_of(stage)).get(outcome, outcome))


def result_of(stage: str, outcome: str) -> str:
    """The figure a dispute closed at `stage` with `outcome` counts under."""
    if stage == Stage.MEDIATION:
        return Result.MEDIATED if outcome == MediationOutcome.AGREEMENT else Result.WITHDRAWN
    return {
        "for": Result.FOR_WORKER,
        "partly": Result.FOR_WORKER,
        "settled": Result.FOR_WORKER,
        "against": Result.AGAINST,
    }.get(outcome, Result.WITHDRAWN)
