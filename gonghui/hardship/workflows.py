"""困难职工建档审核: a file is reviewed up the tree — the holding (grassroots) union, the street
federation, then the district federation approves; each level may reject, the street and the
district may return it for correction.

Approving fixes the tier under the thresholds then in force and makes the file active;
rejecting closes it and frees its people for another file. Both run inside the step.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.cases.models import Case
from gonghui.cases.workflow import Cadre, State, Transition, Workflow, register
from gonghui.core import audit
from gonghui.core.services import refuse, snapshot
from gonghui.hardship import persons
from gonghui.hardship.models import Household, Status
from gonghui.hardship.tiers import assess, describe
from gonghui.orgs.models import Union

OWN = Cadre.own_union()
STREET = Cadre.above(Union.Kind.STREET)
DISTRICT = Cadre.above(Union.Kind.DISTRICT)
AUDITED = ["status", "tier", "minimum_living", "activated_on"]


def file_of(case: Case) -> Household:
    return Household.objects.select_for_update().get(case=case)


def _approve(actor: Any, case: Case) -> None:
    household = file_of(case)
    before = snapshot(household, AUDITED)
    assessment = assess(
        income=household.income,
        expenses=household.expenses,
        size=household.size,
        cause=household.cause,
    )
    if assessment.tier is None:
        refuse(
            _("Under today's thresholds this household is not eligible: %(figures)s.")
            % {"figures": describe(assessment)},
            code="not_eligible",
        )
    household.tier = assessment.tier
    household.minimum_living = assessment.minimum_living
    household.accident_share = assessment.accident_share
    household.status = Status.ACTIVE
    household.activated_on = timezone.localdate()
    household.save()
    audit.record(
        actor=actor,
        action="hardship.approve",
        obj=household,
        before=before,
        after=snapshot(household, AUDITED),
    )


def _reject(actor: Any, case: Case) -> None:
    household = file_of(case)
    household.status = Status.REJECTED
    household.save(update_fields=["status", "updated_at"])
    persons.release(household)
    audit.record(actor=actor, action="hardship.reject", obj=household, state=case.state)


HARDSHIP = register(
    Workflow(
        key="hardship",
        label=_lazy("Hardship file review"),
        states=(
            State("grassroots", _lazy("Grassroots review"), days=7),
            State("street", _lazy("Street federation review"), days=7),
            State("district", _lazy("District federation approval"), days=10),
            State("returned", _lazy("Returned for correction"), days=14),
            State("approved", _lazy("Approved"), final=True),
            State("rejected", _lazy("Rejected"), final=True),
        ),
        transitions=(
            Transition(
                "forward",
                _lazy("Forward to the street federation"),
                sources=("grassroots",),
                target="street",
                by=(OWN,),
            ),
            Transition(
                "endorse",
                _lazy("Endorse to the district federation"),
                sources=("street",),
                target="district",
                by=(STREET,),
            ),
            Transition(
                "approve",
                _lazy("Approve"),
                sources=("district",),
                target="approved",
                by=(DISTRICT,),
                effect=_approve,
            ),
            Transition(
                "reject_grassroots",
                _lazy("Reject"),
                sources=("grassroots",),
                target="rejected",
                by=(OWN,),
                effect=_reject,
            ),
            Transition(
                "reject_street",
                _lazy("Reject"),
                sources=("street",),
                target="rejected",
                by=(STREET,),
                effect=_reject,
            ),
            Transition(
                "reject_district",
                _lazy("Reject"),
                sources=("district",),
                target="rejected",
                by=(DISTRICT,),
                effect=_reject,
            ),
            Transition(
                "return_street",
                _lazy("Return for correction"),
                sources=("street",),
                target="returned",
                by=(STREET,),
            ),
            Transition(
                "return_district",
                _lazy("Return for correction"),
                sources=("district",),
                target="returned",
                by=(DISTRICT,),
            ),
            Transition(
                "resubmit",
                _lazy("Resubmit to the street federation"),
                sources=("returned",),
                target="street",
                by=(OWN,),
            ),
        ),
    )
)

# While the case waits here, the file's figures and people may still be corrected.
EDITABLE_STATES = ("grassroots", "returned")
