"""Reading the audit trail: the auditor's search, newest first, and one entry."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from gonghui.audit.models import AuditRecord


def entry_list(
    *,
    actor: str = "",
    action: str = "",
    result: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    remote_addr: str | None = None,
    until: int | None = None,
) -> QuerySet[AuditRecord]:
    """Entries matching every given filter; `action` matches a prefix ("member." finds every
    member action), the username is matched whole, ignoring case."""
    lookups = {
        "actor__username__iexact": actor,
        "action__startswith": action,
        "result": result,
        "object_type": object_type,
        "object_id": object_id,
        "at__date__gte": date_from,
        "at__date__lte": date_to,
        "remote_addr": remote_addr,
        "pk__lte": until,
    }
    given = {lookup: value for lookup, value in lookups.items() if value}
    return AuditRecord.objects.select_related("actor").filter(**given).order_by("-id")


def newest_id() -> int:
    return AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entry_get(*, entry_id: int) -> AuditRecord:
    try:
        return AuditRecord.objects.select_related("actor").get(pk=entry_id)
    except AuditRecord.DoesNotExist:
        raise Http404 from None
