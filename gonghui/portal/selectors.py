"""A worker's reads: their own profile and applications, an employer by its exact code."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.cases.models import Case, CaseEvent
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.members.selectors import find_active_by_id_number
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import area_federations
from gonghui.portal.models import WorkerProfile
from gonghui.portal.workflows import MEMBERSHIP


def profile_of(*, user: Any) -> WorkerProfile:
    """The signed-in worker's profile (anyone else has none: a 404)."""
    return get_object_or_404(WorkerProfile, user_id=getattr(user, "pk", None))


def membership_of(*, user: Any) -> Member | None:
    """The worker's active membership, found through the blind index of the proven ID."""
    profile = profile_of(user=user)
    if profile.verified_at is None or not profile.id_cipher:
        return None
    return find_active_by_id_number(profile.id_number)


def my_applications(*, user: Any) -> QuerySet[Case]:
    return Case.objects.filter(applicant_id=user.pk, type=MEMBERSHIP.key).select_related("union")


def application_get(*, user: Any, case_id: object) -> Case:
    """One of the worker's own applications; another's is answered like a missing one."""
    try:
        return my_applications(user=user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def application_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """What a worker is told: opened, each step and its note (no refusals, no internal notes)."""
    kinds = (CaseEvent.Kind.OPENED, CaseEvent.Kind.TRANSITION)
    return case.events.filter(kind__in=kinds)


def employer_by_code(*, credit_code: str) -> Employer | None:
    """The employer registered under exactly this code: a worker names it, never browses."""
    return Employer.objects.select_related("union", "area").filter(credit_code=credit_code).first()


def federation_for(employer: Employer) -> Union:
    """The federation answering for the employer's area (the rule of
    `orgs.selectors.area_federations`, which the KPI engine homes such an employer by too)."""
    return Union.objects.get(pk=area_federations()[employer.area_id])
