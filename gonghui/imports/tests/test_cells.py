"""Cells as spreadsheets hold them: dates in every office format, numbers Excel reformatted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.imports import cells
from gonghui.members.models import Gender
from gonghui.orgs.models import Union

JULY_20 = dt.date(2013, 7, 20)


EXCEL_DATETIME = dt.datetime(2013, 7, 20)  # noqa: DTZ001 - what calamine gives: naive
DATES = [JULY_20, EXCEL_DATETIME, 41475.0, "2013-07-20", "2013/7/20", "2013.7.20", "2013年07月20日",
         "2013年7月20日", "20130720", " ２０１３-０７-２０ ", "2013-07-20 00:00:00"]  # fmt: skip
YES_NO = [("是", True), ("否", False), ("Y", True), ("", False), ("√", True), ("no", False)]


@pytest.mark.parametrize("value", DATES)
def test_a_date_is_read_in_every_format_offices_use(value: object) -> None:
    assert cells.date(value) == JULY_20


@pytest.mark.parametrize("value", ["2013-02-30", "20/07/2013", "last July", "2013", 12.5])
def test_a_wrong_date_says_how_to_write_it(value: object) -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="2013-07-20"):
        cells.date(value)


def test_numbers_read_as_people_see_them() -> None:
    assert cells.text(13812345678.0) == "13812345678"  # not 13812345678.0
    assert cells.text(3.20302199001011e17) == "3.20302199001011E+17"  # too long: left damaged
    assert cells.text("  张　三 ") == "张 三"  # full-width space, stray spaces
    assert cells.text("１２３") == "123"
    assert cells.text(None) == ""


@pytest.mark.parametrize(("value", "expected"), YES_NO)
def test_yes_and_no(value: str, expected: bool) -> None:
    assert cells.yes_no(value) is expected


def test_a_choice_is_read_by_code_or_by_its_label_in_either_language() -> None:
    parse = cells.choice(Gender)
    assert parse("女") == parse("Female") == parse("f") == "F"
    with pytest.raises(ValidationError):
        parse("未知")


def test_a_required_cell_may_not_be_blank() -> None:
    with pytest.raises(ValidationError):
        cells.required_text("   ")
    assert cells.whole_number("1,200") == 1200


def test_a_name_keeps_its_chinese_brackets_and_our_export_escape_comes_off() -> None:
    assert cells.plain(" 徐州某某（集团）  有限公司 ") == "徐州某某（集团） 有限公司"
    assert cells.plain("'-某公司") == "-某公司"  # the apostrophe our safe writer added
    assert cells.plain("'某公司") == "'某公司"  # an apostrophe a person typed stays
    with translation.override("en"), pytest.raises(ValidationError, match="At most 4"):
        cells.name(4)("五个字的名")


def test_a_label_with_full_width_brackets_is_found_however_typed() -> None:
    parse = cells.choice(Union.Kind)
    assert parse("基层工会（单独建会）") == parse("基层工会(单独建会)") == "grassroots"
