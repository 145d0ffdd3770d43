"""Spreadsheets out: one safe writer for every export (xlsx and CSV).

Every cell that a spreadsheet program would run as a formula — text starting with `=`, `+`,
`-` or `@`, or a tab — gets a leading apostrophe, and NUL characters are dropped (domain.md
§5, the CSV-injection rule). In xlsx every text cell is written as text, never parsed.
Rows stream through: the writer never holds the whole list.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t")
FORMATS = ("xlsx", "csv")
# Excel's dates start in 1900; an earlier one is written as text (it would become a number).
EXCEL_FIRST_YEAR = 1900
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def safe_cell(value: Any) -> Any:
    """A value as it may stand in a cell: text neutralised, numbers and dates kept, a moment
    in local time (a spreadsheet has no time zones); NaN and infinities become text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | dt.date) or (isinstance(value, float) and math.isfinite(value)):
        return value
    text = str(value).replace("\x00", "")
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(
    stream: IO[bytes], file_format: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Write the headers and rows to `stream` as xlsx or CSV; return how many rows were written."""
    if file_format == "csv":
        return _write_csv(stream, headers, rows)
    if file_format == "xlsx":
        return _write_xlsx(stream, headers, rows)
    raise ValueError(f"unknown format {file_format!r}")


def _write_csv(stream: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    # UTF-8 with a byte-order mark: what Excel on a Chinese Windows opens without garbling.
    stream.write("\ufeff".encode())
    text = _TextOut(stream)
    writer = csv.writer(text)
    writer.writerow([safe_cell(header) for header in headers])
    count = 0
    for row in rows:
        writer.writerow([_csv_value(safe_cell(value)) for value in row])
        count += 1
    return count


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", timespec="seconds")
    return value.isoformat() if isinstance(value, dt.date) else value


class _TextOut:
    """The smallest text file the csv module needs, encoding straight into a byte stream."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text.encode())


def _write_xlsx(stream: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    book = XlsxBook(stream)
    sheet = book.sheet(None, headers)
    for row in rows:
        sheet.append(row)
    book.close()
    return sheet.rows


class XlsxBook:
    """An xlsx workbook written row by row through `safe_cell`, one sheet or several.

    constant_memory writes each row out as soon as the next begins: bounded memory, but rows
    of one sheet must come in order.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.book = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": False})
        self.bold = self.book.add_format({"bold": True})
        self.dates = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.moments = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.text = self.book.add_format({"num_format": "@"})

    def sheet(self, name: str | None, headers: Sequence[str]) -> XlsxSheet:
        return XlsxSheet(self, self.book.add_worksheet(name), headers)

    def close(self) -> None:
        self.book.close()


class XlsxSheet:
    def __init__(self, book: XlsxBook, sheet: Any, headers: Sequence[str]) -> None:
        self.book, self.worksheet, self.rows = book, sheet, 0
        for column, header in enumerate(headers):
            sheet.write_string(0, column, str(safe_cell(header)), book.bold)
            sheet.set_column(column, column, max(10, len(str(header)) * 2 + 2))

    def append(self, row: Sequence[Any]) -> None:
        self.rows += 1
        sheet, line = self.worksheet, self.rows
        for column, raw in enumerate(row):
            value = safe_cell(raw)
            if isinstance(value, dt.date) and value.year < EXCEL_FIRST_YEAR:
                sheet.write_string(line, column, _csv_value(value))
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(line, column, value, self.book.moments)
            elif isinstance(value, dt.date):
                sheet.write_datetime(line, column, value, self.book.dates)
            elif isinstance(value, int | float):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, value)
