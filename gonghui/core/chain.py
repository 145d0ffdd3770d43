"""The audit trail's hash chain (防篡改): entries sealed after they are written, and checked.

Writers append entries inside their own transactions (`audit.record`) and compute no hash: a
chain computed there would make every write in the city wait for the one before it. Sealing
runs afterwards, one sealer at a time: it takes the unsealed entries in id order and gives each
the next `seq` (gapless, unique) and `hash = sha256(previous hash ‖ canonical JSON of the
entry)`. The database lets an entry change only that way, once (migration core 0002), so
`verify` finds a row changed, deleted or moved by someone who went around the guard.

What the chain cannot show on its own: the newest entries removed together with their hashes,
or the whole chain rewritten. `seal` reports the chain's head (seq and hash) so that it can be
kept outside the database (the operations log) and compared with `verify --head`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.models import AuditEntry

# The "previous hash" of the first entry.
GENESIS = "0" * 64
# The entry's own fields, as they went into its hash; seq and hash are the chain's.
HASHED_FIELDS = (
    "id",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "result",
    "remote_addr",
    "detail",
)
# Entries sealed per UPDATE statement (the whole run is one transaction).
SEAL_BATCH = 2_000
# pg_advisory_xact_lock key of the sealer: "GHAUDIT" in ASCII.
SEAL_LOCK = 0x4748_4155_4449_54


def canonical(entry: dict[str, Any]) -> str:
    """The entry's fields as compact JSON with sorted keys and the time in UTC: the same text
    on SQLite and PostgreSQL, whatever order the database keeps JSON keys in."""
    values = {name: entry[name] for name in HASHED_FIELDS}
    values["at"] = entry["at"].astimezone(dt.UTC).isoformat()
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link(previous: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256((previous + canonical(entry)).encode()).hexdigest()


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


def head(*, using: str = DEFAULT_DB_ALIAS) -> Head | None:
    """The last sealed entry's place and hash, or None before the first seal."""
    row = (
        AuditEntry.objects.using(using)
        .exclude(seq=None)
        .order_by("-seq")
        .values("seq", "hash")
        .first()
    )
    return Head(row["seq"], row["hash"]) if row else None


def seal(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Chain every entry committed so far that has no place yet; return how many.

    Idempotent: a second run finds nothing to seal. Two sealers never interleave: PostgreSQL
    takes an advisory lock for the transaction; SQLite's transactions begin IMMEDIATE
    (settings), so the second sealer waits for the first one's commit. The unique seq refuses
    a duplicate place in any case.
    """
    sealed = 0
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
        last = head(using=using)
        seq, previous = (last.seq, last.hash) if last else (0, GENESIS)
        unsealed = AuditEntry.objects.using(using).filter(seq=None).order_by("id")
        while batch := list(unsealed.values(*HASHED_FIELDS)[:SEAL_BATCH]):
            entries = []
            for row in batch:
                seq, previous = seq + 1, link(previous, row)
                entries.append(AuditEntry(id=row["id"], seq=seq, hash=previous))
            AuditEntry.objects.using(using).bulk_update(entries, ["seq", "hash"])
            sealed += len(entries)
    return sealed


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the trail; `entry_id` names the row to look at."""

    kind: str  # "changed", "deleted", "reordered", "unsealed", "head"
    message: str
    entry_id: int | None = None


def verify(
    *,
    unsealed_after: dt.timedelta,
    expected_head: Head | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Finding]:
    """Recompute the chain in seq order and say what is wrong, in the order found; [] when
    the trail is intact.

    Each entry is checked against the stored hash of the entry before it, so one changed entry
    is reported alone, not with every entry after it. A trail that begins after no. 1 had its
    oldest entries removed (retention): its first entry is the anchor.
    """
    findings: list[Finding] = []
    previous: dict[str, Any] | None = None
    before_previous: str | None = None
    swap = ""
    for row, following in _with_next(_sealed_rows(using)):
        if previous is None and row["seq"] == 1:
            expected: str | None = GENESIS
        elif previous is None:
            expected = None  # the oldest entries are gone: this one is the anchor
        elif row["seq"] != previous["seq"] + 1:
            findings.append(_deleted(previous["seq"] + 1, row["seq"] - 1, row["id"]))
            expected = None
        else:
            expected = previous["hash"]
        if expected is None or link(expected, row) == row["hash"]:
            swap = ""
        else:
            finding, swap = _misfit(row, following, before_previous, swap)
            findings.extend([finding] if finding else [])
        before_previous = previous["hash"] if previous else None
        previous = row
    if expected_head is not None:
        findings.extend(_head_findings(expected_head, previous, using))
    findings.extend(_unsealed(unsealed_after, using))
    return findings


def _sealed_rows(using: str) -> Iterator[dict[str, Any]]:
    return (
        AuditEntry.objects.using(using)
        .exclude(seq=None)
        .order_by("seq")
        .values(*HASHED_FIELDS, "seq", "hash")
        .iterator(chunk_size=SEAL_BATCH)
    )


def _with_next(
    rows: Iterator[dict[str, Any]],
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each row with the one after it (None after the last)."""
    current = next(rows, None)
    while current is not None:
        following = next(rows, None)
        yield current, following
        current = following


def _misfit(
    row: dict[str, Any], following: dict[str, Any] | None, before_previous: str | None, swap: str
) -> tuple[Finding | None, str]:
    """Why an entry does not follow the one before it, and the state of a swap in progress.

    Two neighbours that changed places each follow the other one's predecessor: the first
    links to the entry after it ("opened"), the second to the entry before its neighbour
    ("closed"), and the entry after the pair links to the second one of the pair again.
    """
    if following is not None and link(following["hash"], row) == row["hash"]:
        return _reordered(row), "opened"
    if swap and before_previous is not None and link(before_previous, row) == row["hash"]:
        return (_reordered(row), "closed") if swap == "opened" else (None, "")
    return _changed(row), ""


def _changed(row: dict[str, Any]) -> Finding:
    message = _("Entry no. %(seq)d (id %(id)d) was changed after it was sealed.")
    return Finding("changed", message % {"seq": row["seq"], "id": row["id"]}, row["id"])


def _reordered(row: dict[str, Any]) -> Finding:
    message = _("Entry no. %(seq)d (id %(id)d) was moved: it was sealed in another place.")
    return Finding("reordered", message % {"seq": row["seq"], "id": row["id"]}, row["id"])


def _deleted(first: int, last: int, next_id: int) -> Finding:
    message = _("Entries no. %(first)d to %(last)d were deleted (the trail goes on at id %(id)d).")
    return Finding("deleted", message % {"first": first, "last": last, "id": next_id}, next_id)


def _head_findings(expected: Head, last: dict[str, Any] | None, using: str) -> list[Finding]:
    """The head kept outside the database must still be in the chain, with its hash."""
    row = (
        AuditEntry.objects.using(using).filter(seq=expected.seq).values("id", "hash").first()
        if last is None or last["seq"] != expected.seq
        else last
    )
    if row is None:
        message = _(
            "Entry no. %(seq)d, a head kept earlier, is missing: the newest entries were deleted."
        )
        return [Finding("head", message % {"seq": expected.seq})]
    if row["hash"] != expected.hash:
        message = _(
            "Entry no. %(seq)d does not end with the hash kept earlier: the chain was rewritten."
        )
        return [Finding("head", message % {"seq": expected.seq}, row["id"])]
    return []


def _unsealed(after: dt.timedelta, using: str) -> list[Finding]:
    """Entries the sealer should have reached by now: it is not running, or it fails."""
    stale = AuditEntry.objects.using(using).filter(seq=None, at__lt=timezone.now() - after)
    count = stale.count()
    if not count:
        return []
    oldest = stale.order_by("id").values_list("id", flat=True).first()
    message = _(
        "Entries not sealed for over %(minutes)d minutes: %(count)d (the oldest: id %(id)d)."
    )
    minutes = int(after.total_seconds() // 60)
    return [
        Finding("unsealed", message % {"count": count, "minutes": minutes, "id": oldest}, oldest)
    ]
