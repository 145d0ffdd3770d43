"""`python -m gonghui.bench [--backend sqlite|postgresql] [--scale city] [--runs N] [--seed N]
[--rebuild]`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import psycopg

BACKENDS = ("sqlite", "postgresql")
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gonghui_bench"


def database_url(backend: str, scale: str) -> str:
    if backend == "sqlite":
        # Next to the data the settings use (GONGHUI_DATA_DIR, default ./var): the same keys
        # must decrypt and index the bench city on every run.
        data_dir = Path(os.environ.get("GONGHUI_DATA_DIR") or "var").resolve()
        return f"sqlite:///{data_dir / 'bench' / f'{scale}.sqlite3'}"
    return os.environ.get("GONGHUI_BENCH_POSTGRES_URL", POSTGRES_URL)


def ensure_postgres_database(url: str) -> None:
    """Create the bench database on first use (connecting to the server's `postgres` db)."""
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
            )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m gonghui.bench", description=__doc__)
    parser.add_argument("--backend", choices=BACKENDS, action="append", dest="backends")
    parser.add_argument("--scale", choices=("city", "small"), default="city")
    parser.add_argument("--runs", type=int, default=20, help="runs per query (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="load the city even if present")
    args = parser.parse_args()
    failed = []
    for backend in args.backends or BACKENDS:
        url = database_url(backend, args.scale)
        if backend == "postgresql":
            ensure_postgres_database(url)
        command = [sys.executable, "-m", "gonghui.bench.backend", "--scale", args.scale,
                   "--runs", str(args.runs), "--seed", str(args.seed)]  # fmt: skip
        if args.rebuild:
            command.append("--rebuild")
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
        if subprocess.run(command, env=env, check=False).returncode:  # noqa: S603 - our own module
            failed.append(backend)
    if failed:
        sys.stderr.write(f"benchmark failed on {', '.join(failed)}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
