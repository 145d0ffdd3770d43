"""Writing the audit trail. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.models import AuditEntry


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    result: str = "ok",
    remote_addr: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append one entry. Personal data must arrive here masked: the trail is read by auditors."""
    if before is not None:
        detail["before"] = before
    if after is not None:
        detail["after"] = after
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        result=result,
        remote_addr=remote_addr,
        detail=detail,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that changed, as {"field": [old, new]}."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }
