"""The workers' case types: 入会申请 (apply to join) and 会籍接转 (transfer the membership to
the union of a new employer). In both the union that would hold the membership decides.

Approving acts through the registry's own services, so every registry rule applies (one
active membership per person city-wide, the union the employer's, a transfer in one step, …).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.cases import services as cases
from gonghui.cases.models import Case
from gonghui.cases.workflow import Cadre, State, Transition, Workflow, register
from gonghui.core.services import refuse
from gonghui.employers.models import Employer
from gonghui.members import services as registry
from gonghui.members.selectors import find_active_by_id_number

OWN = Cadre.own_union()
Effect = Callable[[Any, Case], None]


def _employer(case: Case) -> Employer:
    return Employer.objects.select_related("union").get(pk=case.data["employer"])


def _admit(actor: Any, case: Case) -> None:
    profile = case.applicant.worker_profile
    employer = _employer(case)
    today = timezone.localdate()
    member = registry.member_create(
        actor=actor, name=profile.name, id_number=profile.id_number, mobile=profile.mobile,
        employer=employer, joined_on=today, consent_on=today,
        holding_union=None if employer.union_id else case.union,
    )  # fmt: skip
    case.data = {**case.data, "member": member.pk}
    case.save(update_fields=["data"])


def _move(actor: Any, case: Case) -> None:
    """Move the worker's active membership to the case's union in one step, and tell the union
    it leaves (whose cadres do not see the case: the message says it all)."""
    member = find_active_by_id_number(case.applicant.worker_profile.id_number)
    if member is None:
        refuse(_("The worker is no longer an active member: there is nothing to transfer."),
               code="member")  # fmt: skip
    former, employer = member.union, _employer(case)
    with translation.override(settings.LANGUAGE_CODE):  # read later, by others
        reason = str(_("Requested by the member at the worker portal"))
        told = _("%(name)s's membership moved from %(from)s to %(to)s (the member's request).") % {
            "name": member.name, "from": former, "to": case.union,
        }  # fmt: skip
    transfer = registry.member_receive(
        actor=actor, member=member, to_employer=employer, transferred_on=timezone.localdate(),
        holding_union=None if employer.union_id else case.union, reason=reason,
    )  # fmt: skip
    case.data = {**case.data, "from_union": former.pk, "transfer": transfer.pk}
    case.save(update_fields=["data"])
    cases.case_tell(case=case, union=former, message=told)


def _decided_by_the_union(key: str, label: Promise, effect: Effect) -> Workflow:
    """Submitted, then approved (running `effect`) or rejected by the cadres of the case's own
    union within 7 days."""
    return register(Workflow(
        key=key,
        label=label,
        states=(
            State("submitted", _("Submitted"), days=7),
            State("approved", _("Approved"), final=True),
            State("rejected", _("Rejected"), final=True),
        ),
        transitions=(
            Transition("approve", _("Approve"), sources=("submitted",), target="approved",
                       by=(OWN,), effect=effect),
            Transition("reject", _("Reject"), sources=("submitted",), target="rejected",
                       by=(OWN,)),
        ),
    ))  # fmt: skip


MEMBERSHIP = _decided_by_the_union("membership", _("Membership application"), _admit)
TRANSFER = _decided_by_the_union("transfer", _("Membership transfer"), _move)
