"""Sealing the audit trail and finding what was changed, deleted or moved."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core import audit, chain
from gonghui.core.models import AuditEntry
from gonghui.core.tests.audit_trail import guard_removed, run, sealed, write_entries

pytestmark = pytest.mark.django_db
LATER = dt.timedelta(minutes=30)


def kinds(findings: list[chain.Finding]) -> list[tuple[str, int | None]]:
    return [(finding.kind, finding.entry_id) for finding in findings]


def test_it_seals_the_entries_in_id_order_with_a_gapless_sequence() -> None:
    entries = write_entries(4)

    assert chain.seal() == 4

    assert [(row[0], row[1]) for row in sealed()] == [
        (entry.id, seq) for seq, entry in enumerate(entries, start=1)
    ]


def test_it_hashes_each_entry_with_the_one_before() -> None:
    entries = write_entries(2)
    chain.seal()

    rows = AuditEntry.objects.order_by("seq").values(*chain.HASHED_FIELDS, "hash")
    first, second = rows
    assert first["hash"] == chain.link(chain.GENESIS, first)
    assert second["hash"] == chain.link(first["hash"], second)
    assert first["id"] == entries[0].id


def test_a_second_seal_finds_nothing_and_changes_nothing() -> None:
    write_entries(3)
    chain.seal()
    before = sealed()

    assert chain.seal() == 0
    assert sealed() == before


def test_entries_written_later_continue_the_chain() -> None:
    write_entries(2)
    chain.seal()
    audit.record(actor=None, action="system.later")

    assert chain.seal() == 1
    assert [row[1] for row in sealed()] == [1, 2, 3]
    assert chain.verify(unsealed_after=LATER) == []


def test_an_intact_trail_has_no_findings() -> None:
    write_entries(5)
    chain.seal()

    assert chain.verify(unsealed_after=LATER) == []


def test_it_finds_a_changed_entry_and_only_that_one() -> None:
    entries = write_entries(5)
    chain.seal()
    with guard_removed():
        run(
            "UPDATE core_auditentry SET result = 'refused' WHERE id = %s",
            [entries[2].id],
        )

    assert kinds(chain.verify(unsealed_after=LATER)) == [("changed", entries[2].id)]


def test_it_finds_a_deleted_entry() -> None:
    entries = write_entries(5)
    chain.seal()
    with guard_removed():
        run("DELETE FROM core_auditentry WHERE id = %s", [entries[1].id])

    findings = chain.verify(unsealed_after=LATER)

    assert kinds(findings) == [("deleted", entries[2].id)]
    assert "2" in findings[0].message


def test_it_finds_a_swapped_pair() -> None:
    entries = write_entries(5)
    chain.seal()
    first, second = entries[1].id, entries[2].id
    with guard_removed():
        run("UPDATE core_auditentry SET seq = -2 WHERE id = %s", [first])
        run("UPDATE core_auditentry SET seq = 2 WHERE id = %s", [second])
        run("UPDATE core_auditentry SET seq = 3 WHERE id = %s", [first])

    assert kinds(chain.verify(unsealed_after=LATER)) == [
        ("reordered", second),
        ("reordered", first),
    ]


def test_it_finds_the_newest_entries_gone_with_the_head_kept_outside() -> None:
    entries = write_entries(3)
    chain.seal()
    kept = chain.head()
    assert kept is not None
    with guard_removed():
        run("DELETE FROM core_auditentry WHERE id = %s", [entries[-1].id])

    assert chain.verify(unsealed_after=LATER) == []  # the chain alone cannot tell
    assert kinds(chain.verify(unsealed_after=LATER, expected_head=kept)) == [("head", None)]


def test_it_finds_a_rewritten_chain_with_the_head_kept_outside() -> None:
    write_entries(2)
    chain.seal()
    kept = chain.head()
    assert kept is not None
    with guard_removed():
        run("UPDATE core_auditentry SET seq = NULL, hash = '', result = 'refused'")
    chain.seal()

    assert chain.verify(unsealed_after=LATER) == []
    assert [finding.kind for finding in chain.verify(unsealed_after=LATER, expected_head=kept)] == [
        "head"
    ]


def test_it_reports_entries_left_unsealed_too_long() -> None:
    entries = write_entries(2)

    assert chain.verify(unsealed_after=LATER) == []
    assert kinds(chain.verify(unsealed_after=dt.timedelta(0))) == [("unsealed", entries[0].id)]


def test_the_hashed_text_does_not_depend_on_the_order_of_json_keys() -> None:
    entry = dict.fromkeys(chain.HASHED_FIELDS)
    entry["at"] = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)

    one = chain.canonical({**entry, "detail": {"a": 1, "b": "张"}})
    other = chain.canonical({**entry, "detail": {"b": "张", "a": 1}})

    assert one == other
