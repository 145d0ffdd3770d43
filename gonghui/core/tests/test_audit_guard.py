"""The database keeps the audit trail append-only, whoever writes to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from gonghui.core import bulk, chain
from gonghui.core.models import AuditEntry
from gonghui.core.tests.audit_trail import run, write_entries

pytestmark = pytest.mark.django_db


def refused() -> pytest.RaisesContext[IntegrityError]:
    return pytest.raises(IntegrityError, match="append-only")


def test_the_orm_cannot_change_an_entry() -> None:
    entry = write_entries(2)[1]
    entry.result = "refused"

    with refused(), transaction.atomic():
        entry.save()
    with refused(), transaction.atomic():
        AuditEntry.objects.filter(id=entry.id).update(action="member.view")

    assert AuditEntry.objects.get(id=entry.id).result == "ok"


def test_raw_sql_cannot_change_an_entry_sealed_or_not() -> None:
    first, second = write_entries(2)
    chain.seal()
    with refused(), transaction.atomic():
        run("UPDATE core_auditentry SET detail = '{}' WHERE id = %s", [second.id])
    with refused(), transaction.atomic():
        run("UPDATE core_auditentry SET seq = 9 WHERE id = %s", [first.id])


def test_the_seal_may_only_set_seq_and_hash_once() -> None:
    second = write_entries(2)[1]
    chain.seal()
    unsealed = AuditEntry.objects.create(action="late")
    new_hash = "a" * 64

    with refused(), transaction.atomic():
        run(
            "UPDATE core_auditentry SET seq = 3, hash = %s, action = 'other' WHERE id = %s",
            [new_hash, unsealed.id],
        )
    with refused(), transaction.atomic():
        run("UPDATE core_auditentry SET seq = 3, hash = %s WHERE id = %s", [new_hash, second.id])
    run("UPDATE core_auditentry SET seq = 3, hash = %s WHERE id = %s", [new_hash, unsealed.id])
    assert AuditEntry.objects.get(id=unsealed.id).seq == 3


def test_the_orm_cannot_delete_an_entry() -> None:
    entries = write_entries(3)

    with refused(), transaction.atomic():
        entries[1].delete()
    with refused(), transaction.atomic():
        AuditEntry.objects.filter(id=entries[2].id).delete()

    assert AuditEntry.objects.count() == 3


def test_raw_sql_cannot_delete_the_newest_or_a_middle_entry() -> None:
    entries = write_entries(3)
    chain.seal()

    for entry in entries[1:]:
        with refused(), transaction.atomic():
            run("DELETE FROM core_auditentry WHERE id = %s", [entry.id])

    assert AuditEntry.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL refuses every DELETE")
def test_postgresql_refuses_deleting_even_the_oldest_entry() -> None:
    oldest = write_entries(2)[0]

    with refused(), transaction.atomic():
        run("DELETE FROM core_auditentry WHERE id = %s", [oldest.id])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite has no TRUNCATE")
def test_sqlite_lets_the_trail_go_only_from_its_oldest_end() -> None:
    oldest, middle, _newest = write_entries(3)

    run("DELETE FROM core_auditentry WHERE id = %s", [oldest.id])

    assert AuditEntry.objects.order_by("id").first().id == middle.id


def test_a_reset_still_clears_the_trail_with_the_accounts() -> None:
    write_entries(3)
    chain.seal()

    bulk.clear_tables([get_user_model()])

    assert not AuditEntry.objects.exists()
    write_entries(1)
    assert chain.seal() == 1
    assert chain.verify(unsealed_after=dt.timedelta(minutes=30)) == []
