"""One backend's benchmark, run by `python -m gonghui.bench` with DATABASE_URL set for it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import django


def say(text: str) -> None:
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--scale", required=True)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-queries", action="store_true", help="only check (or load) the city")
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.bench.city import ensure_city, marker_path
    from gonghui.bench.queries import DISTRICT_USER, cases
    from gonghui.bench.timing import median_ms

    say(f"== {connection.vendor}: {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    # Pages link their assets through the manifest, as on a served site (see `make run`).
    call_command("collectstatic", interactive=False, verbosity=0)
    marker = ensure_city(scale=args.scale, seed=args.seed, rebuild=args.rebuild, say=say)
    if args.no_queries:
        say(_summary(marker, connection.vendor))
        return
    say("")
    say(_summary(marker, connection.vendor))
    say(f"{'':38}{'ours':>12}{'baseline':>12}")
    say(_load_lines(marker))
    for case in cases():
        ours = median_ms(case.ours, runs=args.runs)
        baseline = median_ms(case.baseline, runs=args.runs)
        say(f"{case.label:38}{ours:>9.2f} ms{baseline:>9.2f} ms")
    say(f"(searches and pages as {DISTRICT_USER}; median of {args.runs} runs after 2 warm-ups;")
    say(f" load figures recorded in {marker_path()} when the city was built)")


def _summary(marker: dict[str, Any], vendor: str) -> str:
    counts = marker["counts"]
    return (
        f"{vendor}, seed {marker['seed']}, built {marker['built_on']}: "
        f"{counts['unions']:,} unions, {counts['employers']:,} employers, "
        f"{counts['members']:,} members"
    )


def _load_lines(marker: dict[str, Any]) -> str:
    members = marker["counts"]["members"]
    ours = marker["seconds"]["members"]
    baseline = marker["baseline_member_seconds"]
    lines = [
        ("(a) demo city load, all tables", f"{marker['seconds']['total']:.1f} s", ""),
        ("    members generated and loaded", f"{ours:.1f} s", ""),
        ("    members raw insert + index build", "", f"{baseline['indexes_rebuilt']:.1f} s"),
        ("    members raw insert into indexes", "", f"{baseline['indexes_kept']:.1f} s"),
        ("    member rows per second", f"{members / ours:,.0f}",
         f"{members / baseline['indexes_rebuilt']:,.0f}"),
    ]  # fmt: skip
    return "\n".join(f"{label:38}{ours:>12}{base:>12}" for label, ours, base in lines)


if __name__ == "__main__":
    main()
