"""Reading hardship files: scoped lists (all, unchanged for a year, never helped, relocated),
one file with its history, and a worker's own files. Every function takes the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.cases.models import CaseEvent
from gonghui.core import crypto, ids
from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.hardship.models import (
    Assistance,
    Household,
    HouseholdPerson,
    MedicalConsent,
    Status,
)
from gonghui.hardship.workflows import HARDSHIP
from gonghui.orgs.models import Union, ancestor_paths
from gonghui.portal.selectors import application_timeline

STALE_DAYS = 365


class View:
    """The audit lists a cadre may open (domain.md §4), beside the list of every file."""

    ALL = "all"
    STALE = "stale"  # 一年未更新
    NEVER_HELPED = "never_helped"  # 从未帮扶
    RELOCATED = "relocated"  # 转岗分流


def household_list(
    *,
    user: Any,
    view: str = View.ALL,
    query: str = "",
    tier: str = "",
    status: str = "",
    relocated: bool | None = None,
    today: dt.date | None = None,
) -> QuerySet[Household]:
    """Files in scope, newest first, narrowed by one of the audit lists and the filters."""
    files = visible_to(Household, user).prefetch_related("union")
    files = files.filter(_view_filter(view, today or timezone.localdate()))
    if tier:
        files = files.filter(tier=tier)
    if status:
        files = files.filter(status=status)
    if relocated is not None:
        files = files.filter(relocated=relocated)
    if text := ids.to_half_width(query).replace(" ", ""):
        files = files.filter(_search(text))
    return files.order_by("-id")


def _view_filter(view: str, today: dt.date) -> Q:
    if view == View.STALE:
        year_ago = today - dt.timedelta(days=STALE_DAYS)
        since = timezone.make_aware(dt.datetime.combine(year_ago, dt.time.min))
        return Q(status=Status.ACTIVE, updated_at__lt=since) & (
            Q(reverified_on__isnull=True) | Q(reverified_on__lt=year_ago)
        )
    if view == View.NEVER_HELPED:
        paid = Assistance.objects.filter(household=OuterRef("pk"))
        return Q(~Exists(paid), status=Status.ACTIVE)
    if view == View.RELOCATED:
        return Q(relocated=True) & ~Q(status__in=(Status.EXITED, Status.REJECTED))
    return Q()


def _search(text: str) -> Q:
    """An ID number finds the file of that person (applicant or member); a file number finds
    that file; anything else the start of the applicant's name."""
    if len(text) == 18:
        try:
            blind = crypto.blind_index(ids.parse_resident_id(text).number)
        except ValidationError:  # a wrong number finds nobody
            return Q(pk__in=[])
        return Q(pk__in=HouseholdPerson.objects.filter(id_blind=blind).values("household"))
    if text.upper().startswith("KN"):
        return Q(number=text.upper())
    return Q(applicant_name__startswith=text)


def household_get(*, user: Any, household_id: object) -> Household:
    queryset = Household.objects.select_related("union", "case")
    return get_visible_or_404(Household, user, household_id, queryset)


def assistance_get(*, user: Any, assistance_id: object) -> Assistance:
    return get_visible_or_404(Assistance, user, assistance_id)


def assistance_of(*, household: Household) -> QuerySet[Assistance]:
    return household.assistance.select_related("paid_by", "recorded_by")


def consents_of(*, household: Household) -> QuerySet[MedicalConsent]:
    return household.consents.select_related("recorded_by")


def paying_unions(*, user: Any, household: Household) -> QuerySet[Union]:
    """Unions that may pay aid to the file: on its line up the tree and in the user's scope."""
    line = ancestor_paths(household.union.path)
    return visible_to(Union, user).filter(path__in=line).order_by("path")


def holding_unions(*, user: Any) -> QuerySet[Union]:
    """Unions in scope that may hold a file (grassroots unions and street federations)."""
    kinds = (*Union.GRASSROOTS_KINDS, Union.Kind.STREET)
    return visible_to(Union, user).filter(kind__in=kinds).order_by("path")


def my_files(*, user: Any) -> QuerySet[Household]:
    """A worker's own applications (whatever union holds them): the files they applied for."""
    return Household.objects.filter(
        case__applicant_id=getattr(user, "pk", None), case__type=HARDSHIP.key
    ).select_related("union", "case")


def my_file(*, user: Any, household_id: object) -> Household:
    """One of the worker's own files; another's is answered like a missing one."""
    try:
        return my_files(user=user).get(pk=household_id)
    except (Household.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def worker_timeline(*, household: Household) -> QuerySet[CaseEvent]:
    """What the applicant is told: opened and each step with its note."""
    if household.case is None:
        return CaseEvent.objects.none()
    return application_timeline(case=household.case)
