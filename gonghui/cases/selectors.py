"""Reading cases, always within the user's scope; notifications, always the user's own."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, F, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.cases.models import Attachment, Case, CaseEvent, Notification
from gonghui.cases.workflow import OWN, REGISTRY
from gonghui.core.scope import Scope, get_visible_or_404, rows_in_scope, scope_of, visible_to
from gonghui.orgs.models import Union

OLDEST_DUE_FIRST = (F("due_at").asc(nulls_last=True), "id")


def case_get(*, user: Any, case_id: object) -> Case:
    return get_visible_or_404(Case, user, case_id, Case.objects.select_related("union"))


def case_list(*, user: Any, type: str | None = None, state: str | None = None) -> QuerySet[Case]:
    cases = rows_in_scope(Case, _list_scope(user)).select_related("union")
    if type:
        cases = cases.filter(type=type)
    if state:
        cases = cases.filter(state=state)
    return cases


def _list_scope(user: Any) -> Scope:
    """The user's scope, read in deadline order (the wide form) only for a district.

    Cases are few per union (about 3 at city scale; members about 70): a street's subtree
    holds about 1% of them, so reading case_open_due in deadline order passes thousands of
    other streets' cases before a page fills (PostgreSQL, 100,000 cases: 52–173 ms for a
    street's lists). Through the union index the subtree's few hundred cases are gathered and
    sorted in a few ms. A district holds ~13%: there the ordered read stops early (SQLite:
    7 ms, against 34 ms gathered). Figures: docs/benchmarks.md, "Case lists".
    """
    scope = scope_of(user)
    org = getattr(user, "org", None)
    if scope.wide and (org is None or org.kind != Union.Kind.DISTRICT):
        return scope.for_counting()
    return scope


def my_work(*, user: Any) -> QuerySet[Case]:
    """The open cases awaiting a step the user may take, the most overdue first.

    Read from the declarations in one query: a step for "the own union" matches cases held by
    the user's node; a step for a federation of the user's kind matches every case in its
    subtree (a line up the tree holds one federation of each kind).
    """
    org = getattr(user, "org", None)
    if not getattr(user, "may_edit", False) or org is None:
        return Case.objects.none()
    waiting = models.Q(pk__in=[])
    for workflow in REGISTRY.values():
        for step in workflow.transitions:
            for cadre in step.by:
                if cadre.level == OWN:
                    waiting |= models.Q(type=workflow.key, state__in=step.sources, union=org)
                elif cadre.level == org.kind:
                    waiting |= models.Q(type=workflow.key, state__in=step.sources)
    cases = case_list(user=user).filter(waiting, closed_at__isnull=True)
    return cases.order_by(*OLDEST_DUE_FIRST)


def overdue(*, user: Any) -> QuerySet[Case]:
    """Open cases past their step's deadline (the partial index case_open_due)."""
    cases = case_list(user=user).filter(closed_at__isnull=True, due_at__lt=timezone.now())
    return cases.order_by(*OLDEST_DUE_FIRST)


def timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor", "attachment")


def attachment_get(*, user: Any, case: Case, attachment_id: object) -> Attachment:
    """A file of `case` (fetched through `case_get`); a file of another case is as missing."""
    return get_visible_or_404(Attachment, user, attachment_id, case.attachments.all())


def my_notifications(*, user: Any) -> QuerySet[Notification]:
    """The user's messages; `case_visible` tells whether the user may open the case (a union
    told of a case held elsewhere, e.g. the one a member transferred from, may not)."""
    visible = visible_to(Case, user).filter(pk=OuterRef("case_id"))
    return (
        Notification.objects.filter(recipient=user)
        .select_related("case")
        .annotate(case_visible=Exists(visible))
    )


def notification_get(*, user: Any, notification_id: object) -> Notification:
    return get_object_or_404(my_notifications(user=user), pk=notification_id)
