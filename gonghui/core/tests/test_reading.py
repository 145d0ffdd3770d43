"""Reading what cadres send: UTF-8 or GBK CSV, xlsx with title rows and merged cells."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from gonghui.core.reading import find_header, read_rows, sniff_encoding
from gonghui.testing.imports import csv_bytes, xlsx_bytes

ALIASES = {
    "name": ["姓名"],
    "id_number": ["公民身份号码", "身份证号", "身份证号码"],
    "mobile": ["手机号码", "手机号", "联系电话"],
}
ROSTER = (
    "徐州市某单位会员花名册\n"
    "填报单位：某工会,,\n"
    "序号,姓名,身份证号码,手机号\n"
    "1,张三,11010519491231002X,13812345678\n"
)


def rows_of(data: bytes, name: str = "roster.csv") -> list[list]:
    return list(read_rows(io.BytesIO(data), name))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_a_csv_reads_the_same_in_every_encoding_cadres_use(encoding: str) -> None:
    rows = rows_of(ROSTER.encode(encoding))
    assert rows[2] == ["序号", "姓名", "身份证号码", "手机号"]
    assert rows[3][1] == "张三"


def test_a_utf8_character_cut_at_the_end_of_the_sniffed_bytes_is_still_utf8() -> None:
    assert sniff_encoding("张三".encode()[:-1]) == "utf-8-sig"
    assert sniff_encoding("张三".encode("gbk")) == "gb18030"


def test_the_header_is_found_below_title_rows_by_its_aliases() -> None:
    header, rest = find_header(rows_of(ROSTER.encode()), ALIASES, ["name", "id_number"])
    assert header.row_index == 2
    assert header.columns == {"name": 1, "id_number": 2, "mobile": 3}
    assert next(rest)[1] == "张三"


def test_a_file_without_the_required_columns_says_which_are_missing() -> None:
    with pytest.raises(ValidationError) as caught:
        find_header([["序号", "单位"]], ALIASES, ["name", "id_number"])
    assert caught.value.code == "header"
    assert "姓名" in caught.value.messages[0]


def test_an_xlsx_with_a_merged_title_keeps_numbers_as_excel_stored_them() -> None:
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 2, "会员花名册")
    sheet.write_row(1, 0, ["姓名", "身份证号", "手机号码"])
    sheet.write_row(2, 0, ["张三", 320302199001011000, 13812345678])
    book.close()
    rows = rows_of(stream.getvalue(), "roster.xlsx")
    header, rest = find_header(rows, ALIASES, ["name", "id_number"])
    assert header.row_index == 1
    data = next(rest)
    assert data[0] == "张三"
    assert isinstance(data[1], float)  # what Excel kept: the import must call this damage


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [(b"not a zip", "roster.xlsx", "broken"), (b"a,b", "roster.xls", "file_type")],
)
def test_a_broken_or_unknown_file_is_refused_with_a_reason(
    data: bytes, name: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        rows_of(data, name)
    assert caught.value.code == code


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_anything_is_unpacked() -> None:
    zeros = bytes(64 << 20)
    bomb = _zip_of({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": zeros})
    assert len(bomb) < 1 << 20  # 64 MB of zeros packs to a few dozen KB
    with pytest.raises(ValidationError) as refused:
        rows_of(bomb, "roster.xlsx")
    assert refused.value.code == "zip_bomb"


def test_a_real_workbook_of_many_rows_is_not_taken_for_a_bomb() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    for row in range(20_000):
        sheet.write_row(row, 0, ["张三", "320302199001010011", "13812345678", row])
    book.close()
    assert len(rows_of(out.getvalue(), "roster.xlsx")) == 20_000


@pytest.mark.parametrize("name", ["roster.csv", "roster.xlsx"])
def test_a_nul_character_is_dropped_from_every_cell(name: str) -> None:
    """Found by the import fuzzer on PostgreSQL, which refuses a text holding NUL."""
    rows = [["姓名", "备注"], ["张\x00三", "a\x00"]]
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    assert list(read_rows(io.BytesIO(data), name))[1] == ["张三", "a"]
