"""The import benchmark (issue 3) on one backend: the member roster importer on a generated
1,000,000-row roster, as CSV and as xlsx, beside the floor and the peer from the same run.

- ours: `run_import(MemberImporter(actor=None, scope=<the city federation>), file)` — read,
  parse and validate every row, resolve employers and existing members in batches, spool, then
  load in one transaction.
- floor: the same file through `core.reading.read_rows`, each row made storable with the least
  work — no validation: two AES-GCM encryptions and two HMAC blind indexes (ID and mobile), the
  pinyin initials, gender and birth date cut from the ID, the date split, the employer's union
  from one dict read up front — and loaded by `core.bulk.load_rows` (SQLite `executemany`,
  PostgreSQL `COPY`) into the same table with its live indexes, in one transaction.
- peer: django-import-export (`gonghui/bench/peer.py`) on the first 100,000 rows of the CSV:
  the file read into a tablib Dataset, then `import_data(dry_run=False)`; its time for 1M is
  extrapolated linearly (×10).

Each figure comes from its own process (`gonghui.bench.importrun`), started from this small
one, so that peak memory (`ru_maxrss`) is that measurement's alone. Nothing stays in the
database: PostgreSQL rolls each run back, SQLite gets its file back (`importrun.undone`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 1_000_000
TARGET_FLOOR_RATIO = 3
TARGET_PEER_RATIO = 20
TARGET_CSV_PEAK = 1_000 * MB


class MeasurementFailedError(Exception):
    pass


def measure(what: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "gonghui.bench.importrun", what, *args]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise MeasurementFailedError(f"{what} {' '.join(args)} exited with {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(env: dict[str, str], *, scale: str, say: Callable[[str], None], profile: bool = False,
        rebuild_roster: bool = False) -> bool:  # fmt: skip
    """Measure and print; False when a measurement failed."""
    env = {**env, "PYTHONUNBUFFERED": "1"}
    try:
        roster = measure("roster", env, "--scale", scale, *(["--rebuild"] * rebuild_roster))
        say("")
        say(
            f"imports: {roster['rows']:,} new members for the bench city in "
            f"{_name(roster['csv'])} ({roster['bytes']['csv'] / MB:.0f} MB) and "
            f"{_name(roster['xlsx'])} ({roster['bytes']['xlsx'] / MB:.0f} MB); "
            f"peer on {_name(roster['slice_csv'])} ({roster['slice_rows']:,} rows)"
        )
        found: dict[str, dict[str, Any]] = {}
        for kind in ("csv", "xlsx"):
            found[f"ours {kind}"] = measure("ours", env, "--file", roster[kind])
            found[f"floor {kind}"] = measure("floor", env, "--file", roster[kind])
        found["peer"] = measure("peer", env, "--file", roster["slice_csv"])
        for kind in ("csv", "xlsx"):
            say(summary(kind, found[f"ours {kind}"], found[f"floor {kind}"], found["peer"]))
            say(details(found[f"ours {kind}"], found[f"floor {kind}"]))
        say(peer_details(found["peer"]))
        say(targets(found))
        say(LEGEND.format(start=round(found["ours csv"]["memory"]["at_start"] / MB)))
        for who in ("ours", "peer") if profile else ():
            what = "profile" if who == "ours" else "profile-peer"
            profiled = measure(what, env, "--file", roster["slice_csv"])
            say(f"cProfile of {who} on {_name(roster['slice_csv'])}: {profiled['seconds']:.1f} s "
                f"under the profiler")  # fmt: skip
            say(profiled["profile"])
    except MeasurementFailedError as error:
        say(f"import benchmark failed: {error}")
        return False
    return True


def _name(path: str) -> str:
    return Path(path).name


def _rate(figures: dict[str, Any]) -> float:
    return figures["rows"] / figures["seconds"]


def _peak(figures: dict[str, Any]) -> int:
    return figures["memory"]["maxrss"]


def _memory(figures: dict[str, Any]) -> str:
    """Peak RSS, and the sampled peak of the process's own (anonymous) memory within it."""
    memory = figures["memory"]
    return f"peak {memory['maxrss'] / MB:,.0f} MB, heap {memory['peak_rssanon'] / MB:,.0f} MB"


def summary(kind: str, ours: dict, floor: dict, peer: dict) -> str:
    rows = ours["rows"]
    peer_projected = peer["seconds"] * rows / peer["rows"]
    return (
        f"import members {kind.upper() if kind == 'csv' else kind} {rows / 1e6:g}M  "
        f"ours {ours['seconds']:.1f} s ({_rate(ours) / 1000:.1f}k rows/s, {_memory(ours)})  "
        f"floor {floor['seconds']:.1f} s ({ours['seconds'] / floor['seconds']:.1f}×)  "
        f"peer {peer['rows'] / 1000:g}k {peer['seconds']:.1f} s → {rows / 1e6:g}M ≈ "
        f"{peer_projected:,.0f} s ({_rate(ours) / _rate(peer):.0f}×)"
    )


def details(ours: dict, floor: dict) -> str:
    phases, spent = ours["phases"], floor["phases"]
    return (
        f"    ours: read + check {phases['read_and_check']:.1f} s, write {phases['write']:.1f} s"
        f"   floor: read {spent['read']:.1f} s, make rows {spent['make_rows']:.1f} s, "
        f"load {spent['load']:.1f} s, commit {spent['commit']:.1f} s, "
        f"employers {spent['employers']:.1f} s; "
        f"{_rate(floor) / 1000:.1f}k rows/s, {_memory(floor)}"
    )


def peer_details(peer: dict) -> str:
    phases = peer["phases"]
    return (
        f"    peer: {_rate(peer):,.0f} rows/s; file → tablib {phases['read']:.1f} s, "
        f"import_data {phases['import_data']:.1f} s; {_memory(peer)}"
    )


def targets(found: dict[str, dict[str, Any]]) -> str:
    checks = []
    for kind in ("csv", "xlsx"):
        ours, floor = found[f"ours {kind}"], found[f"floor {kind}"]
        ratio = ours["seconds"] / floor["seconds"]
        peer = _rate(ours) / _rate(found["peer"])
        checks.append(f"{kind}: {ratio:.1f}× floor (≤{TARGET_FLOOR_RATIO}× "
                      f"{'met' if ratio <= TARGET_FLOOR_RATIO else 'missed'}), "
                      f"{peer:.0f}× peer (≥{TARGET_PEER_RATIO}× "
                      f"{'met' if peer >= TARGET_PEER_RATIO else 'missed'})")  # fmt: skip
    peak = _peak(found["ours csv"])
    checks.append(f"CSV {_memory(found['ours csv'])} (<1 GB "
                  f"{'met' if peak < TARGET_CSV_PEAK else 'missed'}); "
                  f"xlsx {_memory(found['ours xlsx'])}")  # fmt: skip
    return "targets: " + "; ".join(checks)


LEGEND = """\
(each figure from its own process, wall time around the work; on PostgreSQL inside a rolled-back
 transaction (commit not included), on SQLite committed, then the database file put back
 (commit and checkpoint included: a savepoint there would hold a sub-journal in memory);
 peak = ru_maxrss of that process, Django's own {start} MB at start included, and on SQLite
 the pages of the database it mapped (mmap_size); heap = peak RssAnon sampled every 50 ms;
 ours = MemberImporter via run_import, every row validated, batched lookups, spooled, loaded;
 floor = read_rows + encrypt/blind-index ID and mobile + pinyin initials + union by employer,
 no validation, load_rows into the live indexes;
 peer = django-import-export ModelResource, use_bulk, batch_size 1000, skip_diff,
 force_init_instance, CachedForeignKeyWidget; its time for the whole roster extrapolated
 linearly from the slice)"""
