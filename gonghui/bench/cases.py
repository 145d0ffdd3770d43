"""Case lists at city scale (issue: "case lists and overdue lists of a district at city scale
(≈ 100,000 cases) under 100 ms median, with the raw-SQL floor printed beside them").

`python -m gonghui.bench.cases [--runs N] [--count N] [--seed N] [--explain]`, run by
`python -m gonghui.bench` with DATABASE_URL set for one backend, once the city is loaded.

The cases are of two types declared here, for this process only (a three-level review and a
complaint whose mediation has no deadline), so that a district cadre has work across the
subtree and the city's own figures (the membership applications the KPIs count) stay as loaded.
They are written once through `core.bulk.load_rows` (no model instance per row) and kept; a run
finding another count or seed loads them again. Timed, as the district cadre `d320302`: the
first page of `cases.selectors.my_work` and `overdue`, and the rendered `/cases/` and
`/cases/overdue/` pages through the Django test client, each beside the floor — the same rows
fetched by one hand-written SQL statement on the same connection; then the same for a street
cadre of that district (a small subtree in a large table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable, Iterator
from typing import Any

import django

BENCH_TYPES = ("bench_review", "bench_complaint")
KIND_WEIGHTS = {"grassroots": 80, "joint": 10, "street": 7, "district": 3}
DISTRICT_USER = "d320302"
LABEL = 40


def say(text: str) -> None:
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m gonghui.bench.cases", description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs of each list (median)")
    parser.add_argument("--count", type=int, default=100_000, help="cases in the city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    args = parser.parse_args()
    django.setup()
    declare_types()
    ensure_cases(count=args.count, seed=args.seed)
    run(runs=args.runs, explain=args.explain)


def declare_types() -> None:
    """The bench's case types, registered in this process only."""
    from gonghui.cases.workflow import Cadre, State, Transition, Workflow, register
    from gonghui.orgs.models import Union

    own, street, district = (Cadre.own_union(), Cadre.above(Union.Kind.STREET),
                             Cadre.above(Union.Kind.DISTRICT))  # fmt: skip
    register(Workflow(
        key="bench_review", label="Three-level review",
        states=(State("filed", "Filed", days=3), State("street", "At the street", days=5),
                State("district", "At the district", days=10),
                State("approved", "Approved", final=True),
                State("rejected", "Rejected", final=True)),
        transitions=(
            Transition("forward", "Forward", ("filed",), "street", by=(own,)),
            Transition("endorse", "Endorse", ("street",), "district", by=(street,)),
            Transition("approve", "Approve", ("district",), "approved", by=(district,)),
            Transition("reject", "Reject", ("street", "district"), "rejected",
                       by=(street, district)),
        ),
    ))  # fmt: skip
    register(Workflow(
        key="bench_complaint", label="Complaint",
        states=(State("received", "Received", days=10), State("mediation", "In mediation"),
                State("resolved", "Resolved", final=True)),
        transitions=(
            Transition("mediate", "Mediate", ("received",), "mediation", by=(district,)),
            Transition("resolve", "Resolve", ("received", "mediation"), "resolved",
                       by=(own, district)),
        ),
    ))  # fmt: skip


def ensure_cases(*, count: int, seed: int) -> None:
    """The bench's cases, loaded unless this count of them is there already."""
    from django.db import connection, transaction

    from gonghui.cases.models import Case
    from gonghui.core import bulk

    loaded = Case.objects.filter(type__in=BENCH_TYPES)
    marker = f"bench seed {seed}"
    if loaded.count() == count and loaded.filter(data__seed=marker).exists():
        say(f"reusing {count:,} bench cases")
        return
    say(f"loading {count:,} cases over the city's unions (seed {seed})")
    table = connection.ops.quote_name(Case._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE type IN (%s, %s)", BENCH_TYPES)
        rows = case_rows(count, random.Random(seed), marker, unions_by_kind())
        bulk.load_rows(Case, CASE_COLUMNS, rows)
    bulk.analyze([Case])


CASE_COLUMNS = ("type", "state", "union_id", "title", "data", "opened_at", "due_at",
                "closed_at", "hours_open")  # fmt: skip


def unions_by_kind() -> dict[str, list[int]]:
    """The unions cases may be held by, by kind (read before the load: PostgreSQL's COPY holds
    the connection while the rows are generated)."""
    from gonghui.orgs.models import Union

    by_kind: dict[str, list[int]] = {kind: [] for kind in KIND_WEIGHTS}
    for pk, kind in Union.objects.values_list("pk", "kind"):
        if kind in by_kind:
            by_kind[kind].append(pk)
    return by_kind


def case_rows(
    count: int, rng: random.Random, marker: str, by_kind: dict[str, list[int]]
) -> Iterator[tuple]:
    """Plain tuples: a type, a state with its deadline as the engine would have set it (open
    cases entered their step some days ago, so many are past it), spread over the unions by
    kind."""
    import json

    from django.utils import timezone

    from gonghui.cases.workflow import workflow_of

    kinds, weights = list(by_kind), list(KIND_WEIGHTS.values())
    now = timezone.now()
    data = json.dumps({"seed": marker})
    for number in range(1, count + 1):
        workflow = workflow_of(BENCH_TYPES[0] if rng.random() < 0.7 else BENCH_TYPES[1])
        state = rng.choice(workflow.states)
        union = rng.choice(by_kind[rng.choices(kinds, weights)[0]])
        opened = now - dt.timedelta(hours=rng.randrange(24, 24 * 240))
        due = closed = hours = None
        if state.final:
            closed = min(now, opened + dt.timedelta(hours=rng.randrange(1, 24 * 40)))
            hours = int((closed - opened).total_seconds() // 3600)
        elif state.days is not None:
            entered = opened + (now - opened) * rng.random()
            due = entered + dt.timedelta(days=state.days)
        yield (workflow.key, state.key, union, f"{workflow.label} {number:06d}", data, opened,
               due, closed, hours)  # fmt: skip


def run(*, runs: int, explain: bool) -> None:
    from django.db import connection

    from gonghui.cases.models import Case

    heading = f"== case lists, {connection.vendor}: {Case.objects.count():,} cases"
    per_cadre(heading, lambda user: run_lists(user, runs=runs, explain=explain), runs=runs)


def per_cadre(heading: str, lists: Callable[[Any], None], *, runs: int) -> None:
    """`lists` for the bench city's district cadre and for a street cadre of that district."""
    from gonghui.accounts.models import Role, User

    district = User.objects.select_related("org").get(username=DISTRICT_USER)
    # A street of the same district: a small subtree, so a read in a list's order passes
    # many other streets' rows before it fills a page (the sparse case).
    street = (
        User.objects.select_related("org")
        .filter(role=Role.STREET, org__parent=district.org)
        .first()
    )
    say(heading)
    say(f"{'':{LABEL}}{'ours':>12}{'floor':>12}")
    for user in (district, street):
        if user is not None:
            lists(user)
    say(
        f"(median of {runs} runs after 2 warm-ups; floor = one hand-written SQL statement "
        "for the same rows, through the same connection: the faster of its two scope forms)"
    )


def run_lists(user: Any, *, runs: int, explain: bool) -> None:
    """The two lists of one cadre: the query's first page, then the rendered page."""
    from django.conf import settings
    from django.test import Client

    from gonghui.bench.timing import median_ms
    from gonghui.cases.models import Case
    from gonghui.cases.selectors import my_work, overdue

    rows = settings.GONGHUI_PAGE_SIZE + 1  # a page reads one row more (core.pagination)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    in_subtree = Case.objects.filter(Case.scope_filter(user.org.as_scope()))
    say(f"{user.username} ({user.org.name}): {in_subtree.count():,} cases in the subtree, "
        f"{in_subtree.filter(closed_at__isnull=True).count():,} open")  # fmt: skip
    lists = [
        ("my work", lambda: my_work(user=user)[:rows],
         [floor_my_work(user, rows, wide) for wide in (True, False)], "/cases/"),
        ("overdue", lambda: overdue(user=user)[:rows],
         [floor_overdue(user, rows, wide) for wide in (True, False)], "/cases/overdue/"),
    ]  # fmt: skip
    for name, ours, floors, path in lists:
        found = [case.pk for case in ours()]
        for floor in floors:
            assert found == [row[0] for row in floor()], f"{name}: the floor reads other rows"
        floor_ms = min(median_ms(floor, runs=runs) for floor in floors)
        line(f"  {name}: first page ({len(found)} rows)", median_ms(fetch(ours), runs=runs),
             floor_ms)  # fmt: skip
        line(f"  {name}: page {path}", median_ms(page(client, path), runs=runs), floor_ms)
        if explain:
            show_plans(name, ours().query.sql_with_params(), [f.statement for f in floors])


def fetch(rows: Callable[[], Any]) -> Callable[[], list]:
    return lambda: list(rows())


def line(label: str, ours: float, floor: float) -> None:
    say(f"{label:{LABEL}}{ours:>9.2f} ms{floor:>9.2f} ms")


def page(client: Any, path: str) -> Callable[[], None]:
    def run() -> None:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"

    return run


class Floor:
    """One hand-written statement and its parameters, run through a plain cursor."""

    def __init__(self, sql: str, params: list[Any]) -> None:
        self.statement = (sql, params)

    def __call__(self) -> list[tuple]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(*self.statement)
            return cursor.fetchall()


# The page's columns (the case, its union's name) and the subtree as a path range, in either
# form the scope writes it: the case's union key kept off its index (`+`, wide: the open cases
# are read in deadline order from case_open_due until a page is full) or not (the subtree's
# cases gathered through the union index, then sorted). The floor is the faster of the two.
SELECT = """SELECT c.id, c.title, c.type, c.state, c.due_at, u.name
FROM cases_case c JOIN orgs_union u ON u.id = c.union_id
WHERE c.closed_at IS NULL
  AND {plus}c.union_id IN (SELECT id FROM orgs_union WHERE path >= %s AND path < %s)"""
ORDER = "ORDER BY c.due_at NULLS LAST, c.id"  # most overdue first, no deadline last


def select(user: Any, wide: bool) -> tuple[str, list[Any]]:
    from gonghui.core.fields import prefix_upper_bound

    return SELECT.format(plus="+" if wide else ""), [
        user.org.path,
        prefix_upper_bound(user.org.path),
    ]


def floor_my_work(user: Any, rows: int, wide: bool) -> Floor:
    """The steps the user's cadres take, written out from the declarations as one OR."""
    from gonghui.cases.workflow import OWN, REGISTRY

    head, params = select(user, wide)
    terms = []
    for workflow in REGISTRY.values():
        for step in workflow.transitions:
            for cadre in step.by:
                if cadre.level not in (OWN, user.org.kind):
                    continue
                marks = ", ".join(["%s"] * len(step.sources))
                own = " AND c.union_id = %s" if cadre.level == OWN else ""
                terms.append(f"(c.type = %s AND c.state IN ({marks}){own})")
                params += [workflow.key, *step.sources]
                params += [user.org.pk] if own else []
    sql = f"{head} AND ({' OR '.join(terms)}) {ORDER} LIMIT {rows}"
    return Floor(sql, params)


def floor_overdue(user: Any, rows: int, wide: bool) -> Floor:
    from django.utils import timezone

    head, params = select(user, wide)
    return Floor(f"{head} AND c.due_at < %s {ORDER} LIMIT {rows}", [*params, timezone.now()])


def show_plans(name: str, ours: tuple[str, tuple], floors: list[tuple[str, list]]) -> None:
    from django.db import connection

    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN ANALYZE"
    labelled = [("ours", ours), *((f"floor {n}", floor) for n, floor in enumerate(floors, 1))]
    for label, (sql, params) in labelled:
        shown = tuple(repr(str(p) if isinstance(p, str) else p) for p in params)
        say(f"-- {name}, {label}: {sql % shown}")
        with connection.cursor() as cursor:
            cursor.execute(f"{explain} {sql}", params)
            for row in cursor.fetchall():
                say(f"   {row[-1]}")


if __name__ == "__main__":
    main()
