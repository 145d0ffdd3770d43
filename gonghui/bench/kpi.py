"""The KPI roll-up at city scale (issue 4): every metric at every node, ours beside the analytic
floor (DuckDB over the same rows in memory) and the naive way (ORM counts node by node).

`python -m gonghui.bench.kpi [--runs N] [--page-runs N] [--sample N] [--seed N]`, run by
`python -m gonghui.bench` with DATABASE_URL set for one backend, once the city is loaded.
Writes to the bench database only the kept tallies (today's and 1 January's) and change marks
it settles itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any

import django

LABEL = 58


def say(text: str) -> None:
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def shown(ms: float) -> str:
    return f"{ms / 1000:>10.2f} s " if ms >= 10_000 else f"{ms:>10.1f} ms"


def line(label: str, ms: float, note: str = "") -> None:
    say(f"{label:{LABEL}}{shown(ms)}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m gonghui.bench.kpi", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each roll-up (median)")
    parser.add_argument("--page-runs", type=int, default=20, help="runs of each dashboard")
    parser.add_argument("--sample", type=int, default=300, help="nodes counted the naive way")
    parser.add_argument("--seed", type=int, default=1, help="of the naive way's sample")
    args = parser.parse_args()
    django.setup()
    run(runs=args.runs, page_runs=args.page_runs, sample=args.sample, seed=args.seed)


def run(*, runs: int, page_runs: int, sample: int, seed: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from gonghui.kpi import registry
    from gonghui.kpi.engine import Tree

    day = timezone.localdate()
    tree = Tree.load()
    say(
        f"== KPI roll-up, {connection.vendor}: {len(tree.parent):,} nodes, "
        f"{len(registry.metrics())} metrics from {len(registry.tallies())} tallies, "
        f"as of {day}; median of {runs} runs ({page_runs} for pages) after warm-up"
    )
    ours = _ours(day, runs)
    floor = _floor(day, tree, runs)
    naive = _naive(day, sample, seed)
    _dashboards(page_runs)
    say("ratios")
    say(f"  ours kept ÷ floor: totals {ours['totals'] / floor:.1f}×, with values "
        f"{ours['values'] / floor:.1f}×, with targets and status {ours['kept'] / floor:.1f}×; "
        f"ours counted ÷ floor {ours['counted'] / floor:.1f}×  (target ≤ 2×)")  # fmt: skip
    say(f"  naive ÷ ours kept {naive / ours['kept']:,.0f}×, "
        f"naive ÷ ours counted {naive / ours['counted']:,.0f}×  (target ≥ 50×)")  # fmt: skip


def _keeps(day: dt.date) -> None:
    """Each full count with its write, once: today's set, and 1 January's (the Board's start of
    the year, kept as the nightly count keeps it)."""
    from gonghui.bench import kpicases as cases
    from gonghui.kpi import store
    from gonghui.kpi.models import ChangeMark

    store.refresh()  # settles what loading the city marked (a bulk write marks everything)
    line("ours: store.keep(today), count + write, once", cases.timed_once(lambda: store.keep(day)))
    january = dt.date(day.year, 1, 1)
    if january < day:
        keep = cases.timed_once(lambda: store.keep(january))
        line("ours: store.keep(1 January), a past day, once", keep)
    assert not ChangeMark.objects.exists(), "change marks appeared while measuring"


def _ours(day: dt.date, runs: int) -> dict[str, float]:
    from gonghui.bench import kpicases as cases
    from gonghui.bench.timing import median_ms
    from gonghui.kpi import store
    from gonghui.orgs.models import Union

    _keeps(day)
    line("ours, kept: store.refresh(), no marks", median_ms(store.refresh, runs=runs))
    found = {"totals": median_ms(cases.read_totals, runs=runs)}
    line("ours, kept: + every node's totals (store.counted())", found["totals"])
    found["values"] = median_ms(cases.values, runs=runs)
    line("ours, kept: + every numerator, denominator, value", found["values"])
    found["kept"] = median_ms(cases.kept, runs=runs)
    line("ours, kept: + every figure of every node (Board)", found["kept"], "   ← ours, kept")
    grassroots = Union.objects.filter(kind=Union.Kind.GRASSROOTS).order_by("pk")[0].pk
    line(f"ours, kept after one change: mark on node {grassroots} + refresh",
         median_ms(cases.after_one_mark(grassroots, store.refresh), runs=runs))  # fmt: skip
    line("ours, kept after one change: + every figure (as above)",
         median_ms(cases.after_one_mark(grassroots, cases.kept), runs=runs))  # fmt: skip
    line("ours, counted: store.count_all(today)",
         median_ms(lambda: store.count_all(day), runs=runs, warmup=1))  # fmt: skip
    found["counted"] = median_ms(cases.counted, runs=runs, warmup=1)
    line("ours, counted: + every figure of every node (Board)", found["counted"],
         "   ← ours, counted")  # fmt: skip
    return found


def _floor(day: dt.date, tree: Any, runs: int) -> float:
    from gonghui.bench import kpicases as cases
    from gonghui.bench import kpifloor
    from gonghui.bench.timing import median_ms
    from gonghui.kpi import store

    started = time.perf_counter()
    database = kpifloor.load(tree)
    loaded = time.perf_counter() - started
    params = kpifloor.parameters(day, tree)
    floor = median_ms(lambda: kpifloor.count(database, params), runs=runs)
    line("floor: DuckDB, every tally of every node", floor,
         f"   (rows loaded in {loaded:.0f} s, not timed)")  # fmt: skip
    ours = cases.pairs(cases.kept())
    _agreement("floor", ours, cases.pairs_of_totals(kpifloor.totals(database, params), tree.parent))
    _agreement("ours counted", ours, cases.pairs(cases.counted()))
    january = dt.date(day.year, 1, 1)
    if january < day:  # a past day: coverage dates and transfers decide the homes
        then = kpifloor.totals(database, kpifloor.parameters(january, tree))
        _agreement(
            "floor on 1 January",
            cases.pairs_of_totals(cases.totals_of(store.counted(january)), tree.parent),
            cases.pairs_of_totals(then, tree.parent),
            "ours kept on 1 January",
        )
    return floor


def _agreement(name: str, ours: Any, other: Any, ours_name: str = "ours kept") -> None:
    from gonghui.bench import kpicases as cases

    wrong = cases.mismatches(ours, other)
    say(f"  {name} == {ours_name}: {len(wrong)} mismatches of {len(other):,} (node, metric)")
    for key, mine, theirs in wrong[:10]:
        say(f"    node {key[0]} {key[1]}: ours {mine}, {name} {theirs}")


def _naive(day: dt.date, sample: int, seed: int) -> float:
    from gonghui.bench import kpicases as cases

    naive = cases.naive(day, size=sample, seed=seed)
    for stratum in naive.strata:
        say(f"  naive, {stratum.kind}: {len(stratum.seconds)} of {stratum.nodes:,} nodes, "
            f"{sum(stratum.seconds) / len(stratum.seconds) * 1000:,.1f} ms a node")  # fmt: skip
    line(f"naive: ORM node by node, {naive.sampled} nodes measured", naive.measured * 1000)
    estimate = naive.estimate * 1000
    line("naive: all nodes, EXTRAPOLATED from the sample", estimate)
    ours = cases.pairs(cases.kept())
    _agreement("naive", ours, cases.pairs_of_totals(naive.totals, naive.totals))
    return estimate


def _dashboards(runs: int) -> None:
    from gonghui.bench import kpicases as cases
    from gonghui.bench.queries import DISTRICT_USER
    from gonghui.bench.timing import median_ms

    for username in ("city", DISTRICT_USER):
        label, run = cases.dashboard_case(username)
        line(f"dashboard: {label}", median_ms(run, runs=runs))


if __name__ == "__main__":
    main()
