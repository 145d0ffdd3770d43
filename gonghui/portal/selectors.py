"""A worker's reads: their own profile, applications and their files, an employer by its exact
code, the union that would receive a membership there."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.cases.models import Attachment, Case, CaseEvent
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.members.selectors import find_active_by_id_number
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import area_federations
from gonghui.portal.models import WorkerProfile
from gonghui.portal.workflows import MEMBERSHIP, TRANSFER


def profile_of(*, user: Any) -> WorkerProfile:
    """The signed-in worker's profile (anyone else has none: a 404)."""
    return get_object_or_404(WorkerProfile, user_id=getattr(user, "pk", None))


def membership_of(*, user: Any) -> Member | None:
    """The worker's active membership, found through the blind index of the proven ID."""
    profile = profile_of(user=user)
    if profile.verified_at is None or not profile.id_cipher:
        return None
    return find_active_by_id_number(profile.id_number)


def my_applications(*, user: Any, type: str | None = None) -> QuerySet[Case]:
    """The worker's own cases: applications to join and transfer requests (or one `type`)."""
    types = [type] if type else [MEMBERSHIP.key, TRANSFER.key]
    return Case.objects.filter(applicant_id=user.pk, type__in=types).select_related("union")


def application_get(*, user: Any, case_id: object) -> Case:
    """One of the worker's own applications; another's is answered like a missing one."""
    try:
        return my_applications(user=user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def application_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """What a worker is told: opened, each step and its note, the files filed (no refusals, no
    internal comments)."""
    kinds = (CaseEvent.Kind.OPENED, CaseEvent.Kind.TRANSITION, CaseEvent.Kind.ATTACHMENT)
    return case.events.filter(kind__in=kinds).select_related("attachment")


def my_attachment(*, user: Any, case_id: object, attachment_id: object) -> Attachment:
    """A file of one of the worker's own cases; a file of another case is as missing."""
    case = application_get(user=user, case_id=case_id)
    return get_object_or_404(case.attachments.select_related("case"), pk=attachment_id)


def employer_by_code(*, credit_code: str) -> Employer | None:
    """The employer registered under exactly this code: a worker names it, never browses."""
    return Employer.objects.select_related("union", "area").filter(credit_code=credit_code).first()


def receiving_union(employer: Employer) -> Union:
    """The union that would hold a membership at `employer`: the union covering it, else the
    federation answering for its area (the rule of `orgs.selectors.area_federations`, by which
    the KPI engine homes such an employer too): where an application to join, a transfer or a
    non-member's hardship file goes."""
    return employer.union or Union.objects.get(pk=area_federations()[employer.area_id])
