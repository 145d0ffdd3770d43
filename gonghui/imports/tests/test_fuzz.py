"""Fuzzing the import engine with hypothesis: random bytes, damaged real files, random sheets
and random text encodings, for every kind of import.

Whatever the file, the run ends in an outcome (never an exception) that is either written or
says why not in the user's language; and a run that is not written leaves every business table
as it was (all or nothing: one bad row and nothing is written).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.conftest import World, resident_id
from gonghui.core.tests.fuzzing import (
    ASCII_DIGITS,
    FULL_WIDTH_DIGITS,
    FUZZ,
    LOOKALIKES,
    fuzz_examples,
)
from gonghui.imports import engine, services
from gonghui.imports.engine import REGISTRY
from gonghui.imports.models import ImportJob
from gonghui.testing.imports import Result, csv_bytes, import_file, xlsx_bytes

pytestmark = pytest.mark.django_db

KINDS = sorted(REGISTRY)
CJK = re.compile(r"[\u4e00-\u9fff]")
MEMBER_HEADER = ["姓名", "身份证号", "手机号码", "统一社会信用代码", "入会日期"]


def business_rows() -> dict[str, int]:
    """The row count of every table of the registry (all apps but the import jobs' own)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("gonghui.") and model._meta.app_label != "imports"
        and not model._meta.proxy and model._meta.managed
    }  # fmt: skip


@contextmanager
def example() -> Iterator[None]:
    """One example's writes are undone after it: the next starts from the same test city."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def run(world: World, kind: str, data: bytes, filename: str) -> Result:
    """Import as the district cadre, in Chinese; the run must end in a clean outcome."""
    with translation.override("zh-hans"):
        return import_file(kind, data, filename, world.user("district"))


def assert_clean(result: Result, before: dict[str, int]) -> None:
    """Written, or refused with reasons in Chinese and not a row changed."""
    if result.written:
        assert not result.file_error and not result.problems
        return
    messages = [result.file_error] if result.file_error else [m for *_, m in result.problems]
    assert messages, "refused without saying why"
    for message in messages:
        assert CJK.search(message) and "Traceback" not in message, message
    assert business_rows() == before, "a refused import changed the registry"


# Cells as spreadsheets hold them: text of any kind (formulas, huge, blank, control
# characters), numbers (huge, negative, fractional), dates and times, booleans, and values
# close to valid ones (ID numbers, credit codes, dates, yes/no).
plausible = st.sampled_from(
    ["张三", "320302199001010118", "3.20302199001011E+17", "13812345678", "2013-07-20",
     "2013年7月20日", "20130720", "是", "否", "基层工会", "街道总工会", "320302", "320302001",
     "C", "私营企业", "120", "１２０", "²", "١٢", "①", "1,200", "=1+1", "=A1/0", "@SUM(A1)",
     "-5", "'=cmd", "", " "]
)  # fmt: skip
cell = st.one_of(
    plausible,
    plausible,
    st.text(alphabet=ASCII_DIGITS + FULL_WIDTH_DIGITS + LOOKALIKES, min_size=1, max_size=20),
    st.text(max_size=40),
    st.text(alphabet="0123456789Xx -./年月日", max_size=20),
    st.text(min_size=2000, max_size=5000),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),  # noqa: DTZ001 - Excel has no zone
    st.booleans(),
)


@st.composite
def headers(draw: st.DrawFn, kind: str) -> list[Any]:
    """Mostly a header the engine finds (every required column, under any of its titles, in
    any order, optional columns or not, stray headings), sometimes any subset of titles."""
    columns = REGISTRY[kind].columns
    title = st.sampled_from([title for column in columns for title in column.titles()])
    if draw(st.integers(0, 3)) == 0:
        return draw(st.lists(title | st.text(max_size=10), max_size=12))
    chosen = [draw(st.sampled_from(column.titles())) for column in columns
              if column.required or draw(st.booleans())]  # fmt: skip
    strays = draw(st.lists(st.text(max_size=10), max_size=3))
    return draw(st.permutations(chosen + strays))


@st.composite
def sheets(draw: st.DrawFn, kind: str) -> list[list[Any]]:
    """Title rows, a header, then rows of random cells of random lengths."""
    header = draw(headers(kind))
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cell, min_size=width - 1, max_size=width + 1), max_size=6))
    title_rows = draw(st.lists(st.lists(st.text(max_size=10), max_size=3), max_size=2))
    return [*title_rows, header, *rows]


def as_csv_cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


COLUMNS = [(kind, column) for kind in KINDS for column in REGISTRY[kind].columns]


@settings(FUZZ, max_examples=fuzz_examples(300))
@given(value=cell)
def test_every_column_reads_any_cell_as_a_value_or_a_reason(value: Any) -> None:
    """Each declared column's parser, on any cell: its value or a ValidationError with a
    message in the user's language, never another exception (the engine turns only a
    ValidationError into a problem of the row)."""
    for kind, column in COLUMNS:
        with translation.override("zh-hans"):
            try:
                column.parse(value)
            except ValidationError as error:
                assert all(map(CJK.search, error.messages)), (kind, column.key, error.messages)


@settings(FUZZ, max_examples=fuzz_examples(60))
@given(
    kind=st.sampled_from(KINDS),
    data=st.binary(max_size=3000),
    filename=st.sampled_from(["名册.xlsx", "名册.csv", "名册.XLSX", "名册.xls", "名册"]),
)
def test_random_bytes_end_in_a_clean_refusal(
    world: World, kind: str, data: bytes, filename: str
) -> None:
    with example():
        before = business_rows()
        assert_clean(run(world, kind, data, filename), before)


@settings(FUZZ, max_examples=fuzz_examples(60))
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_random_sheets_are_written_whole_or_not_at_all(
    world: World, kind: str, data: st.DataObject
) -> None:
    rows = data.draw(sheets(kind))
    with example():
        before = business_rows()
        if data.draw(st.booleans()):
            file, filename = xlsx_bytes(rows or [[""]]), "sheet.xlsx"
        else:
            file = csv_bytes([[as_csv_cell(value) for value in row] for row in rows])
            filename = "sheet.csv"
        assert_clean(run(world, kind, file, filename), before)


def roster(world: World, count: int, first: int = 100) -> list[list[Any]]:
    code = world.a.employer.credit_code
    return [MEMBER_HEADER] + [
        [f"会员{n}", resident_id("320302", "19900101", n), f"139{n:08d}", code, dt.date(2020, 1, 1)]
        for n in range(first, first + count)
    ]  # fmt: skip


@settings(FUZZ, max_examples=fuzz_examples(40))
@given(count=st.integers(1, 12), data=st.data())
def test_one_bad_row_anywhere_and_nothing_is_written(
    world: World, count: int, data: st.DataObject
) -> None:
    rows = roster(world, count)
    line = data.draw(st.integers(1, count))
    column = data.draw(st.integers(1, len(MEMBER_HEADER) - 1))
    rows[line][column] = data.draw(st.sampled_from(["x", "2013-02-30", "12345", "3.2E+17"]))
    with example():
        before = business_rows()
        result = run(world, "members", xlsx_bytes(rows), "roster.xlsx")
        assert not result.written and {row for row, *_ in result.problems} == {line + 1}
        assert business_rows() == before


@settings(FUZZ, max_examples=fuzz_examples(40))
@given(data=st.data())
def test_a_damaged_workbook_or_csv_ends_in_a_clean_outcome(
    world: World, data: st.DataObject
) -> None:
    """A real roster cut short, or with bytes overwritten, as a broken download leaves it."""
    rows = roster(world, 5, first=data.draw(st.integers(100, 900)))
    suffix = data.draw(st.sampled_from(["xlsx", "csv"]))

    def at(size: int) -> int:
        # A share of the file, not an offset: a workbook's size varies by its time stamp.
        return data.draw(st.integers(0, 2**16 - 1)) * size >> 16

    file = bytearray(xlsx_bytes(rows) if suffix == "xlsx" else csv_bytes(rows, "gbk"))
    if data.draw(st.booleans()):
        del file[at(len(file)) :]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            file[at(len(file))] = data.draw(st.integers(0, 255))
    with example():
        before = business_rows()
        assert_clean(run(world, "members", bytes(file), f"roster.{suffix}"), before)


LATIN_1_ROWS = [["Full name", "ID number", "Mobile number", "Employer's unified social credit "
                 "code", "Joined on"], ["José Müller", "", "", "", ""]]  # fmt: skip


@settings(FUZZ, max_examples=fuzz_examples(40))
@given(encoding=st.sampled_from(["gbk", "gb18030", "utf-16", "utf-16-le", "utf-8-sig",
                                 "utf-8", "latin-1", "big5", "shift_jis"]),
       count=st.integers(1, 5), line_ending=st.sampled_from(["\r\n", "\n", "\r"]))  # fmt: skip
def test_a_csv_in_any_encoding_ends_in_a_clean_outcome(
    world: World, encoding: str, count: int, line_ending: str
) -> None:
    rows = LATIN_1_ROWS if encoding == "latin-1" else roster(world, count)
    text = io.StringIO()
    csv.writer(text, lineterminator=line_ending).writerows(
        [[as_csv_cell(value) for value in row] for row in rows]
    )
    file = text.getvalue().encode(encoding, errors="replace")
    with example():
        before = business_rows()
        result = run(world, "members", file, "roster.csv")
        assert_clean(result, before)
        if encoding in {"gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"}:
            assert result.written  # the encodings Chinese office software writes are read


@settings(FUZZ, max_examples=fuzz_examples(10))
@given(count=st.integers(1, 30))
def test_a_failure_inside_the_write_leaves_the_registry_as_it_was(
    world: World, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write is one transaction: when its last step fails (here the audit entry, after
    every row went to the database), not one row stays."""
    with example():
        before = business_rows()

        def fail(**_fields: Any) -> None:
            raise RuntimeError("the disk is full")

        with monkeypatch.context() as patch:
            patch.setattr(engine.audit, "record", fail)
            with pytest.raises(RuntimeError):
                run(world, "members", xlsx_bytes(roster(world, count)), "roster.xlsx")
        assert business_rows() == before


@settings(FUZZ, max_examples=fuzz_examples(20))
@given(data=st.binary(max_size=2000) | st.sampled_from([b"", b"PK\x03\x04", b"\xff\xfe"]),
       suffix=st.sampled_from([".xlsx", ".csv"]))  # fmt: skip
def test_an_uploaded_job_of_random_bytes_finishes_with_a_message(
    world: World, data: bytes, suffix: str
) -> None:
    """Through the background job, as the web runs it: the job ends done (not failed by an
    exception), with the reason in the uploader's language, and nothing written."""
    with example():
        before = business_rows()
        with translation.override("zh-hans"):
            upload = SimpleUploadedFile(f"f{suffix}", data)
            job = services.job_start(
                actor=world.user("district"), kind="members", upload=upload, dry_run=False
            )
        services.job_run(job.pk)
        job.refresh_from_db()
        assert job.state == ImportJob.State.DONE and not job.written
        assert CJK.search(job.file_error or job.problems[0][3])
        before["core.AuditEntry"] += 1  # the upload's own entry
        assert business_rows() == before


def test_the_fuzzed_tables_include_the_registry() -> None:
    """The before/after comparison covers the tables an import writes."""
    counted = business_rows()
    assert {"members.Member", "employers.Employer", "orgs.Union", "core.AuditEntry"} <= set(counted)
