"""One measurement of the import benchmark, alone in its process so that its peak memory is its
own: `python -m gonghui.bench.importrun {roster,ours,floor,peer,profile,profile-peer}
[--file PATH] [--scale city|small] [--rebuild]`, run by `gonghui.bench.imports` with DATABASE_URL
set for one backend. Prints one JSON line: rows, seconds, phases, peak memory.

The time is taken around the work itself (not Django's start, not putting the database back).
Nothing a measurement writes stays: see `undone`.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import resource
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import django

CHUNK_ROWS = 20_000
SAMPLE_SECONDS = 0.05
PROFILE_LINES = 30


def peak_memory() -> dict[str, int]:
    """Peak resident memory of this process in bytes: `ru_maxrss` (kB on Linux) and, to check
    it, the kernel's high-water mark of the current image (VmHWM)."""
    found = {"maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    found |= {key.lower(): value for key, value in _status().items() if key == "VmHWM"}
    return found


def _status() -> dict[str, int]:
    """The memory lines of /proc/self/status in bytes (empty where there is no /proc)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return {}
    found = {}
    for line in status.read_text().splitlines():
        key, _colon, rest = line.partition(":")
        if key in ("VmHWM", "RssAnon", "RssFile", "RssShmem"):
            found[key] = int(rest.split()[0]) * 1024
    return found


class RssSampler(threading.Thread):
    """The peak of each kind of resident memory, sampled: RssAnon is the process's own heap;
    RssFile counts mapped file pages too — on SQLite the database itself (the settings map up
    to 1 GB of it with `mmap_size`), page cache the kernel may take back at any time."""

    def __init__(self, every: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.peaks = {"RssAnon": 0, "RssFile": 0, "RssShmem": 0}

    def run(self) -> None:
        while True:
            for key, value in _status().items():
                if key in self.peaks and value > self.peaks[key]:
                    self.peaks[key] = value
            time.sleep(self.every)


def undone(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `work`, then put the database back as it was; its figures.

    PostgreSQL: inside `transaction.atomic()`, rolled back at the end (`set_rollback`), so the
    work's own transaction is a savepoint and its commit is not measured; then the member id
    sequence is set back (sequences ignore rollbacks) and the table vacuumed.
    SQLite: a savepoint there keeps a sub-journal of every page it changes, in memory
    (`temp_store=MEMORY`): hundreds of MB for a million rows, which a real import, whose
    transaction is the outermost, never holds. So on SQLite the work commits as it would in
    production (its commit and the checkpoint after it measured), and the database file,
    copied beforehand, is put back afterwards.
    """
    from django.db import connection, transaction

    if connection.vendor == "sqlite":
        with sqlite_snapshot():
            return work()
    with transaction.atomic():
        figures = work()
        transaction.set_rollback(True)
    _tidy_postgresql()
    return figures


@contextmanager
def sqlite_snapshot() -> Iterator[None]:
    """A copy of the SQLite database file, put back at the end (also after a failure, and
    at the start when an earlier run died before it could)."""
    from django.db import connection

    database = Path(str(connection.settings_dict["NAME"]))
    copy = database.with_name(f"{database.name}.before-import")
    connection.close()
    if copy.exists():
        _restore(database, copy)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    partial = copy.with_name(f"{copy.name}.partial")  # a copy cut short is never put back
    shutil.copyfile(database, partial)
    partial.replace(copy)
    try:
        yield
    finally:
        connection.close()
        _restore(database, copy)


def _restore(database: Path, copy: Path) -> None:
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    copy.replace(database)


def _tidy_postgresql() -> None:
    from django.db import connection

    from gonghui.core import bulk
    from gonghui.core.models import AuditEntry
    from gonghui.members.models import Member

    bulk.reset_sequences([Member, AuditEntry])
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {connection.ops.quote_name(Member._meta.db_table)}")


def _root_scope() -> Any:
    from gonghui.orgs.selectors import tree_node

    root = tree_node(None)
    assert root is not None, "the bench city has no federation: load it first"
    return root.as_scope()


# ---------------------------------------------------------------- ours: the import engine


def ours(path: Path, profiler: cProfile.Profile | None = None) -> dict[str, Any]:
    from gonghui.imports.engine import run_import
    from gonghui.members.importing import MemberImporter

    importer = MemberImporter(actor=None, scope=_root_scope())
    marks: dict[str, float] = {}

    def progress(phase: str, _rows: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    def work() -> dict[str, Any]:
        started = time.perf_counter()
        with path.open("rb") as stream:
            outcome = _call(profiler, run_import, importer, stream, path.name, dry_run=False,
                            on_progress=progress)  # fmt: skip
        seconds = time.perf_counter() - started
        try:
            problems = [error.message for _n, _c, errors in islice(outcome.bad_row_list(), 3)
                        for error in errors]  # fmt: skip
            assert outcome.written, f"not written: {outcome.file_error or problems}"
            assert outcome.counts["create"] == outcome.rows, f"not all new: {outcome.counts}"
        finally:
            outcome.close()
        return {
            "rows": outcome.rows,
            "seconds": seconds,
            "phases": {
                "read_and_check": marks.get("checked", started) - started,
                "write": started + seconds - marks.get("writing", started + seconds),
            },
        }

    return undone(work)


# ---------------------------------------------------------------- the floor: raw path


FLOOR_COLUMNS = (
    "name", "name_initials", "id_cipher", "id_blind", "gender", "birth_date", "mobile_cipher",
    "mobile_blind", "mobile_last4", "employer_id", "union_id", "joined_on", "status",
    "is_migrant_worker", "updated_at",
)  # fmt: skip


def floor(path: Path) -> dict[str, Any]:
    """The same file read by `core.reading.read_rows`, each row made storable with the least
    work (no validation), loaded with `core.bulk.load_rows` into the live table."""
    from django.db import transaction
    from django.utils import timezone

    from gonghui.core import crypto
    from gonghui.core.bulk import load_rows
    from gonghui.employers.models import Employer
    from gonghui.members.models import Member, Status
    from gonghui.members.pinyin import name_initials

    def work() -> dict[str, Any]:
        started = time.perf_counter()
        with transaction.atomic():
            figures = load()
            committing = time.perf_counter()
        figures["phases"]["commit"] = time.perf_counter() - committing
        figures["seconds"] = time.perf_counter() - started
        return figures

    def load() -> dict[str, Any]:
        spent = {"read": 0.0, "make_rows": 0.0, "load": 0.0}
        started = time.perf_counter()
        employers = {
            code: (employer_id, union_id)
            for code, employer_id, union_id in Employer.objects.filter(
                union__isnull=False
            ).values_list("credit_code", "id", "union_id")
        }
        spent["employers"] = time.perf_counter() - started
        encrypt, blind = crypto.encrypt, crypto.blind_index
        active, now = Status.ACTIVE.value, timezone.now()
        rows = 0
        with path.open("rb") as stream:
            mark = time.perf_counter()
            cells = _data_rows(stream, path.name)
            at = next(cells)  # the header's positions (an xlsx sheet is parsed here, whole)
            spent["read"] += time.perf_counter() - mark
            name_at, id_at, mobile_at, code_at, joined_at, migrant_at = (
                at["姓名"], at["身份证号"], at["手机号码"], at["单位统一社会信用代码"],
                at["入会时间"], at["是否农民工"],
            )  # fmt: skip
            while True:
                mark = time.perf_counter()
                chunk = list(islice(cells, CHUNK_ROWS))
                made_at = time.perf_counter()
                spent["read"] += made_at - mark
                if not chunk:
                    break
                made = []
                for row in chunk:
                    name, number, mobile = row[name_at], str(row[id_at]), str(row[mobile_at])
                    employer_id, union_id = employers[row[code_at]]
                    made.append((
                        name, name_initials(name), encrypt(number), blind(number),
                        "M" if int(number[16]) % 2 else "F",
                        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                        encrypt(mobile) if mobile else None, blind(mobile) if mobile else "",
                        mobile[-4:], employer_id, union_id, _date(row[joined_at]), active,
                        row[migrant_at] == "是", now,
                    ))  # fmt: skip
                loaded_at = time.perf_counter()
                spent["make_rows"] += loaded_at - made_at
                rows += load_rows(Member, FLOOR_COLUMNS, made)
                spent["load"] += time.perf_counter() - loaded_at
        return {"rows": rows, "phases": spent}

    return undone(work)


def _data_rows(stream: Any, filename: str) -> Iterator[Any]:
    """First the header's {heading: position}, then the data rows below it (the roster's
    layout is known: a title row, then the header)."""
    from gonghui.core.reading import read_rows

    rows = read_rows(stream, filename)
    next(rows)
    header = next(rows)
    yield {str(heading): position for position, heading in enumerate(header)}
    yield from rows


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    year, month, day = value.split("/")
    return dt.date(int(year), int(month), int(day))


# ---------------------------------------------------------------- the peer: import-export


def peer(path: Path, profiler: cProfile.Profile | None = None) -> dict[str, Any]:
    """django-import-export's `import_data` on the file, read the way its docs show (tablib)."""
    import tablib

    from gonghui.bench.peer import MemberResource

    def work() -> dict[str, Any]:
        started = time.perf_counter()
        text = path.read_text(encoding="utf-8-sig")
        # The title row above the header is not for tablib: the header must come first.
        dataset = tablib.Dataset().load(text.split("\n", 1)[1], format="csv")
        loaded = time.perf_counter()
        result = _call(profiler, MemberResource().import_data, dataset, dry_run=False,
                       use_transactions=True)  # fmt: skip
        seconds = time.perf_counter() - started
        problems = [str(row.error) for row in result.base_errors[:3]] + [
            str(row.error_dict) for row in result.invalid_rows[:3]
        ]
        assert not result.has_errors() and not result.has_validation_errors(), problems
        assert result.totals["new"] == len(dataset), result.totals
        phases = {"read": loaded - started, "import_data": started + seconds - loaded}
        return {"rows": len(dataset), "seconds": seconds, "phases": phases}

    return undone(work)


# ---------------------------------------------------------------- profiles


def _call(profiler: cProfile.Profile | None, function: Callable[..., Any], *args: Any,
          **kwargs: Any) -> Any:  # fmt: skip
    if profiler is None:
        return function(*args, **kwargs)
    return profiler.runcall(function, *args, **kwargs)


def profiled(measurement: Callable[..., dict[str, Any]]) -> Callable[[Path], dict[str, Any]]:
    """The measurement under cProfile, with the top costs (own time, then cumulative)."""

    def run(path: Path) -> dict[str, Any]:
        profiler = cProfile.Profile()
        figures = measurement(path, profiler)
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(PROFILE_LINES)
        stats.sort_stats("cumulative").print_stats(PROFILE_LINES)
        figures["profile"] = text.getvalue()
        return figures

    return run


# ---------------------------------------------------------------- the roster files


def roster(scale: str, rebuild: bool) -> dict[str, Any]:
    from gonghui.bench.roster import ensure_roster

    def say(text: str) -> None:
        sys.stderr.write(f"{text}\n")

    started = time.perf_counter()
    files = ensure_roster(scale=scale, say=say, rebuild=rebuild)
    return {
        "seconds": time.perf_counter() - started,
        "csv": str(files.csv),
        "xlsx": str(files.xlsx),
        "slice_csv": str(files.slice_csv),
        "rows": files.rows,
        "slice_rows": files.slice_rows,
        "bytes": {name: Path(path).stat().st_size
                  for name, path in (("csv", files.csv), ("xlsx", files.xlsx),
                                     ("slice_csv", files.slice_csv))},
    }  # fmt: skip


MEASUREMENTS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "ours": ours,
    "floor": floor,
    "peer": peer,
    "profile": profiled(ours),
    "profile-peer": profiled(peer),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m gonghui.bench.importrun")
    parser.add_argument("what", choices=[*MEASUREMENTS, "roster"])
    parser.add_argument("--file", type=Path)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--scale", default="city")
    args = parser.parse_args()
    django.setup()
    at_start = peak_memory()["maxrss"]
    sampler = RssSampler()
    sampler.start()
    what = args.what
    figures = (
        roster(args.scale, args.rebuild) if what == "roster" else MEASUREMENTS[what](args.file)
    )
    sampled = {f"peak_{key.lower()}": value for key, value in sampler.peaks.items()}
    figures["memory"] = {**peak_memory(), "at_start": at_start, **sampled}
    sys.stdout.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
