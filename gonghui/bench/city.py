"""The city-scale database a benchmark runs on: loaded once per backend, then reused.

A marker file beside it records the seed, the counts and the load figures of the run that
built it; the city is rebuilt when the marker is missing, names another seed, or no longer
matches the database (other row counts, or keys that cannot decrypt its members).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from gonghui.core import bulk
from gonghui.demo import people
from gonghui.demo.generator import demo_load
from gonghui.demo.scales import SCALES
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.orgs.models import Union


def marker_path() -> Path:
    name = Path(str(connection.settings_dict["NAME"])).name
    return Path(settings.DATA_DIR) / "bench" / f"{connection.vendor}-{name}.json"


def ensure_city(
    *, scale: str, seed: int, rebuild: bool, say: Callable[[str], None]
) -> dict[str, Any]:
    """The marker of a loaded city of this scale and seed, loading it (and measuring) when
    needed."""
    path = marker_path()
    marker = json.loads(path.read_text()) if path.exists() else None
    wanted = {"scale": scale, "seed": seed}
    if not rebuild and marker and wanted.items() <= marker.items() and _still_loaded(marker):
        say(f"reusing the city loaded on {marker['built_on']} (seed {seed})")
        return marker
    say(f"loading the {scale} demo city (seed {seed})")
    result = demo_load(
        scale=SCALES[scale], seed=seed, password=secrets.token_urlsafe(16), reset=True,
        progress=say,
    )  # fmt: skip
    say("measuring the baseline: a raw insert of the same member rows")
    marker = {
        **wanted,
        "built_on": dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "counts": {
            "unions": result.table(Union).rows,
            "employers": result.table(Employer).rows,
            "members": result.table(Member).rows,
        },
        "seconds": {
            "members": result.table(Member).seconds,
            "total": result.seconds,
        },
        "baseline_member_seconds": raw_member_insert_seconds(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(marker, indent=2))
    return marker


def _still_loaded(marker: dict[str, Any]) -> bool:
    if Member.objects.count() != marker["counts"]["members"]:
        return False
    member = Member.objects.order_by("id").first()
    try:
        return member is not None and bool(member.id_number)
    except InvalidTag:
        return False


def raw_member_insert_seconds() -> dict[str, float]:
    """Seconds to insert the loaded member rows again straight through the driver
    (`executemany` on SQLite, `COPY` on PostgreSQL) into the emptied table: once into its
    indexes as they stand, once with the indexes built after the rows. Each run is rolled
    back, so the city stays as it was."""
    columns = [Member._meta.get_field(name).column for name in people.COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {Member._meta.db_table} ORDER BY id")
        rows = cursor.fetchall()
    return {
        "indexes_kept": _timed_raw_insert(columns, rows, defer_indexes=False),
        "indexes_rebuilt": _timed_raw_insert(columns, rows, defer_indexes=True),
    }


def _timed_raw_insert(columns: list[str], rows: list[tuple], *, defer_indexes: bool) -> float:
    table = Member._meta.db_table
    with transaction.atomic():
        bulk.clear_tables([Member])
        started = time.perf_counter()
        with bulk.indexes_deferred(Member) if defer_indexes else nullcontext():
            raw = connection.connection
            if connection.vendor == "postgresql":
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                with raw.cursor() as cursor, cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join("?" * len(columns))
                raw.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows
                )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds
