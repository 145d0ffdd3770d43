"""Exports: a domain declares its columns; this writes them through the safe writer, audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet

from gonghui.core import audit
from gonghui.core.scope import Scope
from gonghui.core.tabular import write_rows

EXPORT_CHUNK_ROWS = 2000


@dataclass(frozen=True)
class ExportKind:
    """A list a domain offers for export: its rows within a scope and its columns.

    Domains register theirs from `<app>/exporting.py` (loaded by the app's `ready`); the
    `gonghui export` command and the engine never import a domain.
    """

    name: str
    rows: Callable[[Scope], QuerySet]
    columns: Callable[[bool], list[Column]]


EXPORTS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    EXPORTS[kind.name] = kind


@dataclass(frozen=True)
class Column:
    """One exported column: its header (translatable) and how to read it from a row."""

    header: Any
    value: Callable[[Any], Any]


def export_list(
    *,
    actor: Any,
    kind: str,
    rows: QuerySet,
    columns: list[Column],
    file_format: str,
    stream: IO[bytes],
    filters: dict[str, Any],
    unmasked: bool = False,
) -> int:
    """Write `rows` (already scoped and filtered) to `stream`; record who exported what."""
    count = write_rows(
        stream,
        file_format,
        [str(column.header) for column in columns],
        ([column.value(row) for column in columns] for row in rows.iterator(EXPORT_CHUNK_ROWS)),
    )
    audit.record(
        actor=actor,
        action=f"{kind}.export",
        format=file_format,
        filters={key: value for key, value in filters.items() if value not in ("", None)},
        rows=count,
        unmasked=unmasked,
    )
    return count
