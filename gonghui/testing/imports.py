"""Imports in tests: rows → the bytes a cadre would upload, a run as a user, our own export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from gonghui.accounts.models import User
from gonghui.core.exporting import EXPORTS, export_list
from gonghui.imports.engine import REGISTRY, run_import
from gonghui.orgs.models import Union


@dataclass
class Result:
    counts: dict[str, int]
    written: bool
    problems: list[tuple[int, str, str]]  # (row, column as headed, message)
    file_error: str


def import_file(
    kind: str, data: bytes, filename: str, actor: User | None, *, dry_run: bool = False
) -> Result:
    """Run an import as `actor` (None: the command line, for the whole city)."""
    scope = actor.scope if actor is not None else Union.objects.get(parent=None).as_scope()
    importer = REGISTRY[kind](actor=actor, scope=scope)
    outcome = run_import(importer, io.BytesIO(data), filename, dry_run=dry_run)
    try:
        problems = [
            (error.row, error.column, error.message)
            for _number, _cells, errors in outcome.bad_row_list()
            for error in errors
        ]
        return Result(dict(outcome.counts), outcome.written, problems, outcome.file_error)
    finally:
        outcome.close()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], title: str = "") -> bytes:
    """An xlsx as Excel users make it: a title row above the header, numbers and dates typed."""
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    offset = 0
    if title:
        sheet.merge_range(0, 0, 0, len(rows[0]) - 1, title)
        offset = 1
    for line, row in enumerate(rows, start=offset):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(line, column, value, dates)
            elif value != "":
                sheet.write(line, column, value)
    book.close()
    return stream.getvalue()


def exported(kind: str, actor: User | None, file_format: str) -> bytes:
    """What `gonghui export` or the export button gives for the actor's scope."""
    scope = actor.scope if actor is not None else Union.objects.get(parent=None).as_scope()
    export = EXPORTS[kind]
    stream = io.BytesIO()
    export_list(actor=actor, kind=kind, rows=export.rows(scope), columns=export.columns(False),
                file_format=file_format, stream=stream, filters={})  # fmt: skip
    return stream.getvalue()


def cells_of(problems: list[tuple[int, str, str]]) -> set[tuple[int, str]]:
    return {(row, column) for row, column, _message in problems}
