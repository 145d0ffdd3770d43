"""Spreadsheets in: rows from `.xlsx` or `.csv` as cadres really send them.

CSV arrives in UTF-8 (with or without a byte-order mark), in GBK/GB18030 from older
software, or in UTF-16 with its byte-order mark; the encoding is told from the bytes, never
asked. A header row may sit below title rows and merged title cells: `find_header` looks for
it among the first rows by the column names a domain declares (with their aliases). Rows
stream: a CSV is read line by line; an xlsx is read by calamine, which holds the sheet's cells
(see docs/benchmarks.md once measured).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

SNIFF_BYTES = 1 << 20
# A real workbook unpacks to a few times its size (shared strings and XML compress well, up to
# ~20×); a zip bomb to hundreds or thousands of times. Small files are never refused.
MAX_UNPACK_RATIO = 100
UNPACKED_SMALL = 16 << 20
MAX_UNPACKED_BYTES = 8 << 30
HEADER_SCAN_ROWS = 20
# Dropped from every cell as it is read: no database text column holds it (PostgreSQL refuses
# the whole statement), and no person typed it.
NUL = "\x00"
# The used range an xlsx sheet declares at its start: <dimension ref="A1:H1000001"/>.
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def sniff_encoding(head: bytes) -> str:
    """`utf-16` when the file starts with its byte-order mark (Excel and WPS save "Unicode"
    text so); `utf-8-sig` when the first megabyte is UTF-8 (a multi-byte character cut at the
    end is allowed); else `gb18030`, the superset of GBK that Chinese office software writes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def read_rows(stream: IO[bytes], filename: str) -> Iterator[list[Any]]:
    """Every row of the first sheet (xlsx) or of the file (csv), as lists of cell values."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        return _csv_rows(stream)
    if suffix == "xlsx":
        return _xlsx_rows(stream)
    raise ValidationError(
        _("Only .xlsx and .csv files can be read, not %(name)s."),
        code="file_type",
        params={"name": filename},
    )


def _csv_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    encoding = sniff_encoding(stream.read(SNIFF_BYTES))
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield from csv.reader(line.replace(NUL, "") for line in text)
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is neither UTF-8 nor GBK text; save it again as CSV (UTF-8)."),
            code="encoding",
        ) from None
    finally:
        text.detach()


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    _refuse_zip_bomb(stream)
    try:
        sheet = CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0)
    except Exception:
        raise ValidationError(
            _("The file cannot be opened as an Excel workbook (.xlsx)."), code="broken"
        ) from None
    for row in sheet.iter_rows():
        if any(isinstance(cell, str) and NUL in cell for cell in row):
            yield [cell.replace(NUL, "") if isinstance(cell, str) else cell for cell in row]
        else:
            yield row


def _refuse_zip_bomb(stream: IO[bytes]) -> None:
    """An xlsx is a zip: refuse one that would unpack to far more than a workbook of its size
    does (a zip bomb), by the sizes its directory declares, before anything is unpacked."""
    try:
        with zipfile.ZipFile(stream) as book:
            members = book.infolist()
    except (OSError, zipfile.BadZipFile):
        raise ValidationError(
            _("The file cannot be opened as an Excel workbook (.xlsx)."), code="broken"
        ) from None
    finally:
        stream.seek(0)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or (
        unpacked > UNPACKED_SMALL and unpacked > MAX_UNPACK_RATIO * packed
    ):
        raise ValidationError(
            _("The workbook would unpack to %(mb)d MB, far more than a spreadsheet of its "
              "size: it is refused."),
            code="zip_bomb",
            params={"mb": unpacked >> 20},
        )  # fmt: skip


def estimate_rows(stream: IO[bytes], filename: str) -> int | None:
    """How many rows the file holds, cheaply, for a progress bar: a CSV's line count, an
    xlsx sheet's declared range (without parsing the sheet). None when it cannot tell."""
    try:
        if filename.lower().endswith(".csv"):
            chunks = iter(lambda: stream.read(SNIFF_BYTES), b"")
            return sum(chunk.count(b"\n") for chunk in chunks)
        with zipfile.ZipFile(stream) as book:
            names = book.namelist()
            sheets = sorted(name for name in names if name.startswith("xl/worksheets/sheet"))
            if not sheets:
                return None
            with book.open(sheets[0]) as sheet:
                match = _DIMENSION.search(sheet.read(4096))
            return int(match.group(1)) if match else None
    except (OSError, zipfile.BadZipFile):
        return None
    finally:
        stream.seek(0)


@dataclass(frozen=True)
class Header:
    """Where the header row is (0-based) and which column holds which declared field."""

    row_index: int
    columns: dict[str, int]
    cells: list[Any]


def normalise_title(value: Any) -> str:
    return "".join(str(value or "").split()).replace("（", "(").replace("）", ")")


def find_header(
    rows: Iterable[list[Any]], aliases: Mapping[str, Iterable[str]], required: Iterable[str]
) -> tuple[Header, Iterator[list[Any]]]:
    """Find the first row that names every required field (by any alias) among the first
    rows; return it and the rows after it. Title rows and merged cells above are skipped."""
    lookup = {normalise_title(alias): field for field, names in aliases.items() for alias in names}
    iterator = iter(rows)
    needed = set(required)
    for index, row in enumerate(iterator):
        if index >= HEADER_SCAN_ROWS:
            break
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            field = lookup.get(normalise_title(cell))
            if field is not None and field not in columns:
                columns[field] = position
        if needed <= columns.keys():
            return Header(row_index=index, columns=columns, cells=row), iterator
    raise ValidationError(
        _("No header row names the columns %(names)s in the first %(count)d rows."),
        code="header",
        params={
            "names": "、".join(next(iter(aliases[field])) for field in sorted(needed)),
            "count": HEADER_SCAN_ROWS,
        },
    )
