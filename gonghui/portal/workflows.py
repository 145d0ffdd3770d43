"""入会申请: a worker applies online; the union that would hold the membership decides.

Approving records the member through the registry's own service, so every registry rule
applies (one active membership per person city-wide, the union the employer's, …).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.cases.models import Case
from gonghui.cases.workflow import Cadre, State, Transition, Workflow, register
from gonghui.employers.models import Employer
from gonghui.members.services import member_create

OWN = Cadre.own_union()


def _admit(actor: Any, case: Case) -> None:
    profile = case.applicant.worker_profile
    employer = Employer.objects.select_related("union").get(pk=case.data["employer"])
    today = timezone.localdate()
    member = member_create(
        actor=actor, name=profile.name, id_number=profile.id_number, mobile=profile.mobile,
        employer=employer, joined_on=today, consent_on=today,
        holding_union=None if employer.union_id else case.union,
    )  # fmt: skip
    case.data = {**case.data, "member": member.pk}
    case.save(update_fields=["data"])


MEMBERSHIP = register(Workflow(
    key="membership",
    label=_("Membership application"),
    states=(
        State("submitted", _("Submitted"), days=7),
        State("approved", _("Approved"), final=True),
        State("rejected", _("Rejected"), final=True),
    ),
    transitions=(
        Transition("approve", _("Approve"), sources=("submitted",), target="approved",
                   by=(OWN,), effect=_admit),
        Transition("reject", _("Reject"), sources=("submitted",), target="rejected", by=(OWN,)),
    ),
))  # fmt: skip
