"""What the auditor does: reading the trail and verifying its chain, each audited itself.

Nothing here changes an entry: the auditor only reads (the database refuses changes anyway).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gonghui.core import audit, chain, tasks
from gonghui.core.models import AuditEntry


def trail_viewed(
    *, actor: Any, remote_addr: str | None, entry: AuditEntry | None = None, **detail: Any
) -> None:
    """One `audit.view` entry per page of the trail shown: the filters, or the entry opened."""
    audit.record(actor=actor, action="audit.view", obj=entry, remote_addr=remote_addr, **detail)


@transaction.atomic
def trail_verify(*, actor: Any, remote_addr: str | None) -> list[chain.Finding]:
    """Recompute the hash chain (as `gonghui audit verify` does) and record that it was done,
    with the number of findings (result "failed" when there are any)."""
    findings = chain.verify(unsealed_after=tasks.UNSEALED_AFTER)
    audit.record(
        actor=actor,
        action="audit.verify",
        result="failed" if findings else "ok",
        remote_addr=remote_addr,
        findings=[finding.message for finding in findings],
    )
    return findings
