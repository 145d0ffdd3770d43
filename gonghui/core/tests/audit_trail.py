"""Helpers for the audit chain's tests: a few entries, and tampering that goes around the
database's guard (as someone with the database owner's rights could)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from gonghui.accounts.models import Role, User
from gonghui.core import audit
from gonghui.core.models import AuditEntry

guard_migration = importlib.import_module("gonghui.core.migrations.0002_audit_chain")


def write_entries(count: int) -> list[AuditEntry]:
    actor = User.objects.filter(username="auditee").first() or User.objects.create_user(
        "auditee", role=Role.SYSTEM_ADMIN
    )
    return [
        audit.record(actor=actor, action="member.update", detail_no=number, after={"名": "张*"})
        for number in range(1, count + 1)
    ]


def write_old_entry(*, minutes_ago: int) -> int:
    """An entry written `minutes_ago` (the ORM would stamp it now); its id."""
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    run(
        "INSERT INTO core_auditentry (at, action, object_type, object_id, result, detail)"
        " VALUES (%s, 'system.old', '', '', 'ok', '{}')",
        [connection.ops.adapt_datetimefield_value(at)],
    )
    return AuditEntry.objects.latest("id").id


def run(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@contextmanager
def guard_removed() -> Iterator[None]:
    """Drop the append-only triggers for the block (inside the test's transaction)."""
    sqlite = connection.vendor == "sqlite"
    for statement in (
        guard_migration.SQLITE_UNGUARD if sqlite else guard_migration.POSTGRESQL_UNGUARD
    ):
        run(statement)
    yield
    for statement in guard_migration.SQLITE_GUARD if sqlite else guard_migration.POSTGRESQL_GUARD:
        run(statement)


def sealed() -> list[tuple[int, int, str]]:
    """(id, seq, hash) of every sealed entry, in seq order."""
    return list(
        AuditEntry.objects.exclude(seq=None).order_by("seq").values_list("id", "seq", "hash")
    )
