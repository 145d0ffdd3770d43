"""The analytic floor of the KPI roll-up: DuckDB computing every tally of every node over the
same rows, already in memory.

Loading is not timed: the source rows are read through the ORM's SQL and copied into an
in-memory DuckDB database, with two small tables built from the tree (`engine.Tree`): each
area's home federation, and `ancestry` — every (node, ancestor) pair, a node being its own
ancestor (~5 rows a node). The timed query counts each source once, grouped by the node each
record belongs to, joins those own counts with `ancestry` and sums per ancestor: every node's
subtree totals in one statement, fetched into Python.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
from django.db.models import Model

from gonghui.bench.queries import raw
from gonghui.employers.models import (
    NON_PUBLIC_OWNERSHIP,
    PUBLIC_OWNERSHIP,
    CollectiveContract,
    Employer,
)
from gonghui.kpi.engine import Tree
from gonghui.members.models import Member, Status, Transfer
from gonghui.orgs.models import SixHaves, SixHavesAssessment, Union

Totals = dict[int, dict[str, int]]  # node → tally key → subtree total


# The rows the floor reads: each table's model and columns (with their DuckDB types).
TABLES: dict[str, tuple[type[Model], dict[str, str]]] = {
    "employers": (
        Employer,
        {
            "id": "BIGINT",
            "union_id": "BIGINT",
            "area_id": "VARCHAR",
            "ownership": "VARCHAR",
            "headcount": "BIGINT",
            "congress_since": "DATE",
            "registered_on": "DATE",
            "unionised_on": "DATE",
        },
    ),
    "contracts": (
        CollectiveContract,
        {"employer_id": "BIGINT", "signed_on": "DATE", "expires_on": "DATE"},
    ),
    "members": (
        Member,
        {
            "id": "BIGINT",
            "union_id": "BIGINT",
            "status": "VARCHAR",
            "joined_on": "DATE",
            "left_on": "DATE",
        },
    ),
    "transfers": (
        Transfer,
        {
            "member_id": "BIGINT",
            "transferred_on": "DATE",
            "id": "BIGINT",
            "from_union_id": "BIGINT",
        },
    ),
    "unions": (Union, {"id": "BIGINT", "kind": "VARCHAR", "founded_on": "DATE"}),
    "assessments": (
        SixHavesAssessment,
        {"union_id": "BIGINT", "item": "VARCHAR", "met": "BOOLEAN", "assessed_on": "DATE"},
    ),
}


def load(tree: Tree) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database holding the rows the figures are counted from."""
    connection = duckdb.connect()
    with tempfile.TemporaryDirectory() as folder:
        for name, (model, columns) in TABLES.items():
            rows = raw(model._default_manager.order_by().values_list(*columns))()
            _copy(connection, Path(folder), name, rows, columns)
        homes = {"area_id": "VARCHAR", "home": "BIGINT"}
        _copy(connection, Path(folder), "area_home", tree.area_home.items(), homes)
        pairs = {"node": "BIGINT", "ancestor": "BIGINT"}
        _copy(connection, Path(folder), "ancestry", _ancestry(tree), pairs)
    return connection


def _ancestry(tree: Tree) -> Iterable[tuple[int, int]]:
    for node in tree.parent:
        yield node, node
        for above in tree.ancestors(node):
            yield node, above


def _copy(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    name: str,
    rows: Iterable[tuple],
    columns: dict[str, str],
) -> None:
    """Rows into a DuckDB table through a CSV file (DuckDB's fast path without Arrow)."""
    path = folder / f"{name}.csv"
    with path.open("w", newline="") as file:
        # SQLite hands booleans over as 0/1, dates as text; PostgreSQL as bool and date.
        csv.writer(file).writerows(
            ["" if v is None else int(v) if isinstance(v, bool) else v for v in row] for row in rows
        )
    types = ", ".join(f"'{column}': '{kind}'" for column, kind in columns.items())
    connection.execute(
        f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', auto_detect = false, "
        f"header = false, delim = ',', quote = '\"', escape = '\"', nullstr = '', "
        f"columns = {{{types}}})"
    )


# Every tally the metrics of domain.md §3 use, by its registry key: the same rules as the
# metrics.py of each domain, written again in SQL.
FLOOR_SQL = """
WITH employer AS (
    SELECT
        -- Before its coverage date, an employer belongs to its area's federation.
        coalesce(CASE WHEN e.unionised_on > $day THEN NULL ELSE e.union_id END, h.home, $root)
            AS home,
        e.headcount,
        e.union_id IS NOT NULL AND (e.unionised_on IS NULL OR e.unionised_on <= $day) AS covered,
        list_contains($public, e.ownership) AS public,
        list_contains($non_public, e.ownership) AND e.headcount >= 100 AS private_100,
        coalesce(e.congress_since <= $day, false) AS congress,
        e.id IN (
            SELECT employer_id FROM contracts WHERE signed_on <= $day AND expires_on >= $day
        ) AS contract
    FROM employers e LEFT JOIN area_home h ON h.area_id = e.area_id
    WHERE e.registered_on IS NULL OR e.registered_on <= $day
), later AS (
    -- A member transferred after the day was then in the union of the first such transfer.
    SELECT member_id, arg_min(from_union_id, (transferred_on, id)) AS from_union
    FROM transfers WHERE transferred_on > $day GROUP BY member_id
), six AS (
    SELECT union_id FROM assessments WHERE met AND assessed_on <= $day
    GROUP BY union_id HAVING count(DISTINCT item) = $items
), own AS (
    SELECT
        home,
        count(*) AS employers,
        count(*) FILTER (covered) AS employers_covered,
        count(*) FILTER (public) AS public_employers,
        count(*) FILTER (public AND congress) AS public_employers_congress,
        count(*) FILTER (private_100) AS private_100_employers,
        count(*) FILTER (private_100 AND congress) AS private_100_employers_congress,
        count(*) FILTER (covered AND contract) AS employers_contract,
        sum(headcount) AS headcount,
        sum(headcount) FILTER (covered) AS headcount_covered
    FROM employer GROUP BY home
    UNION ALL BY NAME
    SELECT coalesce(later.from_union, m.union_id) AS home, count(*) AS members
    FROM members m LEFT JOIN later ON later.member_id = m.id
    WHERE m.joined_on <= $day AND (m.status = $active OR m.left_on > $day)
    GROUP BY 1
    UNION ALL BY NAME
    SELECT
        u.id AS home,
        count(*) FILTER (list_contains($grassroots, u.kind)) AS grassroots_unions,
        count(*) FILTER (list_contains($grassroots, u.kind) AND six.union_id IS NOT NULL)
            AS grassroots_six_haves
    FROM unions u LEFT JOIN six ON six.union_id = u.id
    WHERE u.founded_on IS NULL OR u.founded_on <= $day
    GROUP BY u.id
)
SELECT
    a.ancestor AS node,
    coalesce(sum(employers), 0)::BIGINT AS employers,
    coalesce(sum(employers_covered), 0)::BIGINT AS employers_covered,
    coalesce(sum(public_employers), 0)::BIGINT AS public_employers,
    coalesce(sum(public_employers_congress), 0)::BIGINT AS public_employers_congress,
    coalesce(sum(private_100_employers), 0)::BIGINT AS private_100_employers,
    coalesce(sum(private_100_employers_congress), 0)::BIGINT AS private_100_employers_congress,
    coalesce(sum(employers_contract), 0)::BIGINT AS employers_contract,
    coalesce(sum(headcount), 0)::BIGINT AS headcount,
    coalesce(sum(headcount_covered), 0)::BIGINT AS headcount_covered,
    coalesce(sum(members), 0)::BIGINT AS members,
    coalesce(sum(grassroots_unions), 0)::BIGINT AS grassroots_unions,
    coalesce(sum(grassroots_six_haves), 0)::BIGINT AS grassroots_six_haves
FROM own JOIN ancestry a ON a.node = own.home
GROUP BY a.ancestor
"""


def parameters(day: dt.date, tree: Tree) -> dict[str, Any]:
    return {
        "day": day,
        "root": tree.root,
        "public": [str(kind) for kind in PUBLIC_OWNERSHIP],
        "non_public": [str(kind) for kind in NON_PUBLIC_OWNERSHIP],
        "grassroots": [str(kind) for kind in Union.GRASSROOTS_KINDS],
        "items": len(SixHaves),
        "active": str(Status.ACTIVE),
    }


def count(connection: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> list[tuple]:
    """The timed part: every node's subtree totals, fetched into Python."""
    return connection.execute(FLOOR_SQL, params).fetchall()


def totals(connection: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> Totals:
    """The floor's result by node and tally key (for comparing with ours)."""
    cursor = connection.execute(FLOOR_SQL, params)
    keys = [column[0] for column in cursor.description][1:]
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in cursor.fetchall()}
