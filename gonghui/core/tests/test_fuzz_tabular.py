"""Fuzzing the export writer (core/tabular.py) with hypothesis: any values a list may hold are
written as xlsx and CSV without an error, read back row for row by our own reader, and no text
cell comes back as something a spreadsheet program would run as a formula."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.reading import read_rows
from gonghui.core.tabular import FORMATS, FORMULA_STARTS, safe_cell, write_rows
from gonghui.core.tests.fuzzing import FUZZ, fuzz_examples

value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(),  # NaN and the infinities too
    st.decimals(allow_nan=False, places=2, min_value=-(10**9), max_value=10**9),
    st.dates(),  # from year 1, before Excel's calendar starts
    st.datetimes(timezones=st.none() | st.timezones()),
    st.text(max_size=60),
    st.sampled_from(FORMULA_STARTS).flatmap(lambda start: st.text(max_size=20).map(start.__add__)),
)
rows = st.lists(st.lists(value, min_size=1, max_size=6), max_size=8)


@settings(FUZZ, max_examples=fuzz_examples(150))
@given(value=value)
def test_a_safe_cell_never_starts_a_formula_nor_holds_a_nul(value: Any) -> None:
    cell = safe_cell(value)
    if isinstance(cell, str):
        assert not cell.startswith(FORMULA_STARTS) and "\x00" not in cell
    else:  # numbers and dates a spreadsheet holds as they are
        assert isinstance(cell, int | float | dt.date) and cell == cell  # noqa: PLR0124 - NaN
        assert not isinstance(cell, dt.datetime) or cell.tzinfo is None


@pytest.mark.parametrize("file_format", FORMATS)
@settings(FUZZ, max_examples=fuzz_examples(60))
@given(table=rows)
def test_any_list_is_written_and_read_back_row_for_row(
    file_format: str, table: list[list[Any]]
) -> None:
    stream = io.BytesIO()
    assert write_rows(stream, file_format, ["名称", "数值"], table) == len(table)
    stream.seek(0)
    read = list(read_rows(stream, f"export.{file_format}"))
    assert len(read) == len(table) + 1  # the header, then each row
    for written, back in zip(table, read[1:], strict=True):
        for raw, cell in zip(written, back, strict=False):
            if isinstance(raw, str | Decimal):  # text, not a number a program reads as -1
                assert not str(cell).startswith(FORMULA_STARTS), (raw, cell)
                assert cell == safe_cell(raw), (raw, cell)


def test_what_excel_cannot_hold_as_a_number_or_date_is_written_as_text() -> None:
    """Found by the fuzzer: NaN stopped the xlsx writer, and 1850-01-01 came back as 0:00."""
    stream = io.BytesIO()
    write_rows(stream, "xlsx", ["值"], [[float("nan"), float("-inf"), dt.date(1850, 1, 1)]])
    stream.seek(0)
    assert list(read_rows(stream, "export.xlsx"))[1] == ["nan", "'-inf", "1850-01-01"]
