"""The safe writer: formulas neutralised, text kept as text, rows streamed in both formats."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from gonghui.core.tabular import safe_cell, write_rows


@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tcmd", "=cmd|' /C calc'!A0"]
)
def test_it_neutralises_what_a_spreadsheet_would_run(dangerous: str) -> None:
    assert safe_cell(dangerous) == "'" + dangerous


def test_it_drops_nul_and_keeps_plain_values() -> None:
    assert safe_cell("张\x00三") == "张三"
    assert safe_cell(12) == 12
    assert safe_cell(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert safe_cell(None) == ""


def test_csv_has_a_byte_order_mark_and_neutralised_cells() -> None:
    stream = io.BytesIO()
    count = write_rows(stream, "csv", ["姓名", "备注"], [["张三", "=HYPERLINK(1)"], ["李四", ""]])
    text = stream.getvalue().decode("utf-8")
    assert count == 2
    assert text.startswith("\ufeff姓名,备注")
    assert "'=HYPERLINK(1)" in text


def test_xlsx_stores_text_never_a_formula() -> None:
    stream = io.BytesIO()
    count = write_rows(stream, "xlsx", ["名称", "人数", "日期"], [["=1+1", 5, dt.date(2026, 1, 2)]])
    assert count == 1
    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = (
            book.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in book.namelist()
            else sheet
        )
    assert "<f>" not in sheet  # no formula cell anywhere
    assert "&apos;=1+1" in strings or "'=1+1" in strings


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_rows(io.BytesIO(), "pdf", ["a"], [])
