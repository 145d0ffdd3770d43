"""`python -m gonghui.bench [--backend sqlite|postgresql] [--scale city] [--runs N] [--seed N]
[--rebuild] [--only queries|kpi|cases|services|imports | --skip-imports] [--profile-imports]
[--rebuild-roster] [--kpi-runs N] [--kpi-sample N]`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from gonghui.bench import imports as bench_imports

BACKENDS = ("sqlite", "postgresql")
PARTS = ("queries", "kpi", "cases", "services", "imports")
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gonghui_bench"


def database_url(backend: str, scale: str) -> str:
    if backend == "sqlite":
        # Next to the data the settings use (GONGHUI_DATA_DIR, default ./var): the same keys
        # must decrypt and index the bench city on every run.
        data_dir = Path(os.environ.get("GONGHUI_DATA_DIR") or "var").resolve()
        return f"sqlite:///{data_dir / 'bench' / f'{scale}.sqlite3'}"
    url = os.environ.get("GONGHUI_BENCH_POSTGRES_URL", POSTGRES_URL)
    if scale == "city":
        return url
    # Another scale in its own database, or loading it would replace the city.
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{scale}"))


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


def say(text: str) -> None:
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m gonghui.bench", description=__doc__)
    parser.add_argument("--backend", choices=BACKENDS, action="append", dest="backends")
    parser.add_argument("--scale", choices=("city", "small"), default="city")
    parser.add_argument("--runs", type=int, default=20, help="runs per query (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="load the city even if present")
    parts = parser.add_mutually_exclusive_group()
    parts.add_argument("--only", choices=PARTS, help="run one part only")
    parts.add_argument("--skip-imports", action="store_true", help="= --only queries")
    parser.add_argument(
        "--profile-imports",
        action="store_true",
        help="also profile the importer (cProfile) on the 100k slice",
    )
    parser.add_argument(
        "--rebuild-roster",
        action="store_true",
        help="write the import roster again even if present",
    )
    parser.add_argument("--kpi-runs", type=int, default=5, help="runs per KPI roll-up (median)")
    parser.add_argument("--kpi-sample", type=int, default=300, help="nodes counted the naive way")
    args = parser.parse_args()
    only = "queries" if args.skip_imports else args.only
    queries, kpi, cases, services, imports = (only in (None, part) for part in PARTS)
    failed = []
    for backend in args.backends or BACKENDS:
        url = database_url(backend, args.scale)
        if backend == "postgresql":
            ensure_postgres_database(url)
        command = [sys.executable, "-m", "gonghui.bench.backend", "--scale", args.scale,
                   "--runs", str(args.runs), "--seed", str(args.seed)]  # fmt: skip
        if args.rebuild:
            command.append("--rebuild")
        if not queries:
            command.append("--no-queries")  # still checks (or loads) the city
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
        if subprocess.run(command, env=env, check=False).returncode:  # noqa: S603 - our own module
            failed.append(backend)
            continue
        kpi_command = [sys.executable, "-m", "gonghui.bench.kpi", "--runs", str(args.kpi_runs),
                       "--page-runs", str(args.runs), "--sample", str(args.kpi_sample),
                       "--seed", str(args.seed)]  # fmt: skip
        if kpi and subprocess.run(kpi_command, env=env, check=False).returncode:  # noqa: S603
            failed.append(backend)
            continue
        cases_command = [sys.executable, "-m", "gonghui.bench.cases", "--runs", str(args.runs)]
        if cases and subprocess.run(cases_command, env=env, check=False).returncode:  # noqa: S603
            failed.append(backend)
            continue
        services_run = [sys.executable, "-m", "gonghui.bench.services", "--runs", str(args.runs)]
        if services and subprocess.run(services_run, env=env, check=False).returncode:  # noqa: S603
            failed.append(backend)
            continue
        # Started from this small process, so that each measurement's peak memory is its own.
        if imports and not bench_imports.run(
            env, scale=args.scale, say=say, profile=args.profile_imports,
            rebuild_roster=args.rebuild_roster,
        ):  # fmt: skip
            failed.append(backend)
    if failed:
        sys.stderr.write(f"benchmark failed on {', '.join(failed)}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
