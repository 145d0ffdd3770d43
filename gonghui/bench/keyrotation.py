"""`python -m gonghui.bench.keyrotation [--rows N] [--backend sqlite|postgresql]`: how fast
`gonghui keys rotate` moves personal data to a new key, beside a raw floor.

Runs on a scratch database and a scratch key file of its own (never the bench city, never
var/data_key): N members with a distinct ID number and mobile each, encrypted under the first
key. Prints, in members per second:
- floor: the same keyset pass and compare-and-set write-back (per batch and column),
  values written back unchanged, no cryptography: the database's part;
- crypto: decrypt + encrypt of both values in a loop, no database: the cipher's part;
- rotate: `core.rotation.rotate` itself (compare-and-set UPDATE, batches of 5,000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

# A scratch database of its own, dropped and created on each run.
POSTGRES_URL = os.environ.get(
    "GONGHUI_BENCH_KEYS_URL", "postgres://postgres@127.0.0.1:5432/gonghui_bench_keys"
)


def _setup(backend: str, scratch: Path) -> None:
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{scratch / 'keys.sqlite3'}" if backend == "sqlite" else POSTGRES_URL
    )
    os.environ["GONGHUI_DATA_KEY_FILE"] = str(scratch / "data_key")
    (scratch / "data_key").write_text("the-bench-first-key\n", encoding="utf-8")
    os.environ.pop("GONGHUI_DATA_KEY", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if backend == "postgresql":
        _fresh_postgres_database()
    call_command("migrate", verbosity=0)


def _fresh_postgres_database() -> None:
    import psycopg

    name = psycopg.sql.Identifier(psycopg.conninfo.conninfo_to_dict(POSTGRES_URL)["dbname"])
    with psycopg.connect(POSTGRES_URL, dbname="postgres", autocommit=True) as connection:
        connection.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(name))


def _load(rows: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gonghui.core import crypto
    from gonghui.core.bulk import load_rows
    from gonghui.members.models import Member
    from gonghui.orgs.models import Area, Union
    from gonghui.orgs.services import union_add

    area = Area.objects.create(code="320300", name="徐州市", level="city")
    city = union_add(actor=None, parent=None, name="徐州市总工会", kind=Union.Kind.CITY, area=area)
    encrypt, blind = crypto.encrypt, crypto.blind_index
    joined = dt.date(2020, 1, 1)

    def members():
        for n in range(1, rows + 1):
            number, mobile = f"3203021990{n:08d}", f"138{n:08d}"
            yield (n, f"会员{n}", "hy", encrypt(number), blind(number), "M", joined,
                   encrypt(mobile), blind(mobile), mobile[-4:], city.pk, joined,
                   "active", False, timezone.now())  # fmt: skip

    columns = ("id", "name", "name_initials", "id_cipher", "id_blind", "gender", "birth_date",
               "mobile_cipher", "mobile_blind", "mobile_last4", "union_id", "joined_on",
               "status", "is_migrant_worker", "updated_at")  # fmt: skip
    with transaction.atomic():
        load_rows(Member, columns, members())


def _floor(batch_size: int) -> float:
    """Seconds for the keyset pass writing every value back as it was."""
    from django.db import transaction

    from gonghui.core.rotation import compare_and_set
    from gonghui.members.models import Member

    started = time.perf_counter()
    rows = Member.objects.order_by("pk").values_list("pk", "id_cipher", "mobile_cipher")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:batch_size]):
        last = batch[-1][0]
        changes = [(pk, [bytes(a), bytes(b)], [bytes(a), bytes(b)]) for pk, a, b in batch]
        with transaction.atomic():
            compare_and_set("members_member", "id", ["id_cipher", "mobile_cipher"], changes)
    return time.perf_counter() - started


def _crypto(sample: int) -> float:
    """Seconds per member for decrypt + encrypt of its two values."""
    from gonghui.core import crypto

    ring = crypto.keyring()
    tokens = [ring.encrypt(f"3203021990{n:08d}") for n in range(sample)]
    started = time.perf_counter()
    for token in tokens:
        ring.encrypt(ring.decrypt(token))
    return 2 * (time.perf_counter() - started) / sample


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gonghui.bench.keyrotation", description=__doc__
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-keys-") as folder:
        _setup(options.backend, Path(folder))
        from gonghui.core import rotation

        _load(options.rows)
        floor = _floor(rotation.BATCH_ROWS)
        per_member = _crypto(min(options.rows, 20_000))
        started = time.perf_counter()
        done = rotation.rotate(actor=None, settle_seconds=0)
        took = time.perf_counter() - started
        assert done.left == 0 and sum(done.rewritten.values()) == 2 * options.rows
        say = sys.stdout.write
        say(f"backend {options.backend}, {options.rows:,} members, 2 values each\n")
        say(f"floor  (keyset pass + write-back, no crypto) {options.rows / floor:>10,.0f} rows/s\n")
        say(f"crypto (decrypt + encrypt, no database)      {1 / per_member:>10,.0f} rows/s\n")
        say(f"rotate (gonghui keys rotate)                 {options.rows / took:>10,.0f} rows/s\n")
        say(
            f"        a city of 2,000,000 members: about {2_000_000 * took / options.rows:,.0f} s\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
