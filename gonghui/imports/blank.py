"""Blank import templates (导入模板): the expected headers, drop-downs and an example row.

Identifier columns are formatted as text, so that Excel keeps all 18 characters of an ID
number instead of turning it into 3.2E+17 — the commonest way a roster gets damaged.
"""

from __future__ import annotations

from typing import IO

from gonghui.core.tabular import XlsxBook
from gonghui.imports.engine import Importer

# How far down the drop-downs and the text format reach.
TEMPLATE_ROWS = 100_000


def write_template(importer: type[Importer], stream: IO[bytes]) -> None:
    book = XlsxBook(stream)
    sheet = book.sheet(
        str(importer.label)[:31], [str(column.header) for column in importer.columns]
    )
    for index, column in enumerate(importer.columns):
        if column.text_format:
            sheet.worksheet.set_column(index, index, 22, book.text)
        if column.choices:
            source = [str(choice) for choice in column.choices]
            sheet.worksheet.data_validation(
                1, index, TEMPLATE_ROWS, index, {"validate": "list", "source": source}
            )
    sheet.append([column.example for column in importer.columns])
    book.close()
