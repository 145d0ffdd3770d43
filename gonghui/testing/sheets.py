"""Spreadsheets for tests: rows → the bytes a cadre would upload (CSV in an encoding, xlsx)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, merged_title: str | None = None) -> bytes:
    """An xlsx of the rows; with `merged_title`, a merged title cell above them, as offices do."""
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    first = 0
    if merged_title:
        sheet.merge_range(0, 0, 0, max(len(row) for row in rows) - 1, merged_title)
        first = 2  # a blank row between title and header
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if hasattr(value, "isoformat"):
                sheet.write_datetime(first + index, column, value, dates)
            else:
                sheet.write(first + index, column, value)
    book.close()
    return stream.getvalue()
