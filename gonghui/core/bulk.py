"""Raw bulk writes for demo data, imports and roll-ups: rows go to the table, never via models.

`bulk_create` builds one model instance per row and manages 11–16k rows/s; these helpers send
plain tuples straight to the database (SQLite `executemany`, PostgreSQL `COPY`) at 200k+ rows/s.
They run inside the caller's transaction and skip model validation, per-row signals and
`save()`: callers hand over rows that are already clean, with explicit primary keys where they
need to compute foreign keys or tree paths in Python. One `rows_written` signal per call tells
listeners (the KPI tallies) which table changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.transaction import TransactionManagementError
from django.dispatch import Signal
from psycopg import sql

# Rows per `executemany` call on SQLite: large enough to amortise the call, small enough to
# keep a chunk of a streamed iterable in memory.
SQLITE_CHUNK_ROWS = 20_000
# Rows of each index SQLite's ANALYZE samples: enough for the planner's choices.
SQLITE_ANALYSIS_ROWS = 1_000

# Sent (sender=the model) after each bulk write, inside the caller's transaction.
rows_written = Signal()


def load_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Insert `rows` (tuples in the order of `columns`, field or attribute names) into `model`'s
    table and return how many were written.

    Values are plain Python: str, int, bool, bytes (BinaryField), date, datetime or None.
    `rows` may be a generator; it is consumed once, in chunks.
    """
    connection = connections[using]
    table = model._meta.db_table
    db_columns = [model._meta.get_field(name).column for name in columns]
    rows = _adapted(model, columns, rows, using)
    if connection.vendor == "postgresql":
        written = _copy_rows(table, db_columns, rows, using)
    else:
        written = _insert_rows(table, db_columns, rows, using)
    rows_written.send(sender=model, using=using)
    return written


def update_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Set `columns[1:]` of the rows whose primary key is the first value of each row; return
    how many rows were given.

    SQLite runs one prepared UPDATE per row (`executemany`, no round trips); PostgreSQL copies
    the rows into a temporary table and updates from it in one statement.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    db_columns = [model._meta.get_field(name).column for name in columns]
    key, changed = quote(db_columns[0]), [quote(column) for column in db_columns[1:]]
    rows = _adapted(model, columns, rows, using)
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{column} = %s" for column in changed)
        statement = f"UPDATE {table} SET {assignments} WHERE {key} = %s"
        count = _execute_chunks(statement, ((*row[1:], row[0]) for row in rows), using)
        rows_written.send(sender=model, using=using)
        return count
    staging = quote(f"staging_{model._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {key}, {', '.join(changed)} FROM {table} WITH NO DATA"
        )
        count = _copy_rows(f"staging_{model._meta.db_table}", db_columns, rows, using)
        assignments = ", ".join(f"{column} = staged.{column}" for column in changed)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {staging} AS staged "
            f"WHERE {table}.{key} = staged.{key}"
        )
        cursor.execute(f"DROP TABLE {staging}")
    rows_written.send(sender=model, using=using)
    return count


def reset_sequences(models: Iterable[type[Model]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the id sequences past the highest id, after loading rows with explicit ids.

    PostgreSQL's identity sequences do not notice explicit ids, so the next ORM insert would
    collide; SQLite's AUTOINCREMENT follows them by itself and needs nothing.
    """
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextmanager
def indexes_deferred(model: type[Model], *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Drop the table's secondary indexes (and, on PostgreSQL, its foreign keys) for the block
    and build them again at its end, in the caller's transaction.

    For filling a table that holds few rows with very many (the demo city): an index built
    once from all rows is several times faster than one grown row by row through a cache it
    outgrows, and PostgreSQL checks a re-added foreign key in one join instead of one query
    per row. Not for adding rows to a large table, and other sessions wait for the table
    until commit. The primary key and constraint-backed indexes stay.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        # Outside a transaction a failed load would leave the table without its indexes.
        raise TransactionManagementError("indexes_deferred() must run inside a transaction")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_INDEXES, [model._meta.db_table])
            indexes = cursor.fetchall()
            cursor.execute(_PG_FOREIGN_KEYS, [model._meta.db_table])
            foreign_keys = cursor.fetchall()
            _run_pending_checks(cursor)
        else:
            cursor.execute(_SQLITE_INDEXES, [model._meta.db_table])
            indexes, foreign_keys = cursor.fetchall(), []
        for name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        if foreign_keys:
            _run_pending_checks(cursor)
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


def _run_pending_checks(cursor: Any) -> None:
    """Run the deferred foreign-key checks queued so far, then defer again (as Django's
    constraints are): PostgreSQL refuses TRUNCATE and ALTER TABLE on a table with checks
    pending from earlier writes in the transaction."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


_PG_INDEXES = """
    SELECT ix.relname, pg_get_indexdef(ix.oid)
    FROM pg_index JOIN pg_class ix ON ix.oid = pg_index.indexrelid
    WHERE pg_index.indrelid = %s::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = pg_index.indexrelid)
"""
_PG_FOREIGN_KEYS = """
    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype = 'f'
"""
# Indexes SQLite makes for UNIQUE columns have no SQL and cannot be dropped: they stay.
_SQLITE_INDEXES = """
    SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL
"""


@contextmanager
def write_cache(megabytes: int, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A larger SQLite page cache for the block (a bulk write into large indexes touches more
    pages than the connection's usual cache holds); the usual size again after. PostgreSQL
    manages its shared buffers itself: nothing changes there."""
    connection = connections[using]
    if connection.vendor != "sqlite" or megabytes <= 0:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (usual,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-int(megabytes) * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(usual)}")


def analyze(models: Iterable[type[Model]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the planner's statistics after a bulk load.

    PostgreSQL's autovacuum would get there a little later; SQLite never does by itself. On
    SQLite a sample of each index is enough (analysis_limit), so this takes seconds, not minutes.
    """
    connection = connections[using]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
            return
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_ROWS}")
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def clear_tables(models: Iterable[type[Model]], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row of the given tables and of every table that refers to them.

    The rows go in one statement per table, without loading or cascading in Python: PostgreSQL
    truncates the tables together; SQLite deletes them in turn and checks the deferred foreign
    keys at commit, when every referring table is empty too.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    # A model Django does not manage is a view over other tables (nothing to delete).
    tables = [
        quote(model._meta.db_table) for model in with_referrers(models) if model._meta.managed
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _run_pending_checks(cursor)
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            return
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")


def with_referrers(models: Iterable[type[Model]]) -> list[type[Model]]:
    """The models and, transitively, every concrete model with a foreign key or many-to-many
    table pointing at one of them (hidden `related_name="+"` relations included)."""
    found: list[type[Model]] = []
    pending = [model._meta.concrete_model for model in models]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for relation in model._meta.get_fields(include_hidden=True):
            if relation.auto_created and not relation.concrete and relation.is_relation:
                referrer = relation.through if relation.many_to_many else relation.related_model
                pending.append(referrer._meta.concrete_model)
            elif relation.many_to_many and relation.concrete:
                pending.append(relation.remote_field.through)
    return found


def _adapted(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], using: str
) -> Iterable[Sequence[Any]]:
    """Rows with datetimes and times turned into what the backend stores (naive UTC on SQLite).

    Only those columns pass through Django's adapters; everything else goes to the driver as is.
    """
    operations = connections[using].ops
    adapters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        internal_type = model._meta.get_field(name).get_internal_type()
        if internal_type == "DateTimeField":
            adapters.append((index, lru_cache(maxsize=4096)(operations.adapt_datetimefield_value)))
        elif internal_type == "TimeField":
            adapters.append((index, lru_cache(maxsize=4096)(operations.adapt_timefield_value)))
    if not adapters:
        return rows
    return (_adapt_row(row, adapters) for row in rows)


def _adapt_row(row: Sequence[Any], adapters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for index, adapt in adapters:
        values[index] = adapt(values[index])
    return values


def _insert_rows(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], using: str
) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    return _execute_chunks(statement, rows, using)


def _execute_chunks(statement: str, rows: Iterable[Sequence[Any]], using: str) -> int:
    written = 0
    iterator = iter(rows)
    with connections[using].cursor() as cursor:
        while chunk := list(islice(iterator, SQLITE_CHUNK_ROWS)):
            cursor.executemany(statement, chunk)
            written += len(chunk)
    return written


def _copy_rows(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], using: str
) -> int:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(column) for column in columns)
    )
    written = 0
    connection = connections[using]
    # The driver's own COPY bypasses Django's cursor: map its errors (a unique violation →
    # IntegrityError) as every other query's are.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            written += 1
    return written
