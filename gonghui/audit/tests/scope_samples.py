"""An audit entry about district B's member, for the scope walk (core/tests/test_scope_walk.py).

The auditor's pages hold audit records, not organisation data, and are the auditor's only:
every user of the walk gets 403 from them, for an existing entry as for a missing one.
"""

from __future__ import annotations

from gonghui.audit.models import AuditRecord
from gonghui.conftest import District, World
from gonghui.core import audit

EXEMPT: dict[str, str] = {}


def samples(world: World, district: District) -> dict[type, object]:
    cadre = next(user for user in world.users.values() if user.org == district.federation)
    member = district.member
    entry = audit.record(
        actor=cadre, action="member.update", obj=member, after={"name": member.name}
    )
    return {AuditRecord: entry}
