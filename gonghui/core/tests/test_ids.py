"""Identifier rules of domain.md §2: accept the valid, refuse the rest with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import ids


def refusal(function, value) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        function(value)
    return caught.value.code  # type: ignore[return-value]


@pytest.mark.parametrize("number", ["360426199101010071", "11010519491231002X"])
def test_it_accepts_the_reference_id_numbers(number: str) -> None:
    assert ids.parse_resident_id(number).number == number


def test_it_derives_birth_date_and_gender_from_the_id() -> None:
    resident = ids.parse_resident_id("11010519491231002X")
    assert resident.birth_date == dt.date(1949, 12, 31)
    assert resident.gender == "F"  # sequence 002 is even
    assert ids.parse_resident_id("360426199101010071").gender == "M"


def test_it_normalises_lowercase_x_full_width_digits_and_spaces() -> None:
    assert ids.parse_resident_id(" 11010519491231002x ").number == "11010519491231002X"
    assert (
        ids.parse_resident_id("３６０４２６１９９１０１０１００７１").number == "360426199101010071"
    )


def test_it_rejects_a_wrong_check_character() -> None:
    assert refusal(ids.parse_resident_id, "360426199101010072") == "checksum"


def test_it_rejects_an_impossible_birth_date() -> None:
    first17 = "36042619910230007"  # 30 February
    assert refusal(ids.parse_resident_id, first17 + ids.id_check_character(first17)) == "birth_date"


def test_it_rejects_a_future_birth_date() -> None:
    first17 = "36042621000101007"
    code = refusal(ids.parse_resident_id, first17 + ids.id_check_character(first17))
    assert code == "birth_date"


@pytest.mark.parametrize("damaged", ["3.20302199001011E+17", "3.20302199001011e17"])
def test_it_says_when_excel_turned_the_id_into_a_number(damaged: str) -> None:
    assert refusal(ids.parse_resident_id, damaged) == "excel_damaged"


def test_it_says_when_excel_rounded_the_last_digits_to_zeros() -> None:
    assert refusal(ids.parse_resident_id, "320302199001011000") == "excel_damaged"


def test_it_refuses_a_15_digit_number_unless_asked_to_upgrade() -> None:
    assert refusal(ids.parse_resident_id, "360426910101007") == "legacy_15"
    upgraded = ids.upgrade_legacy_id("360426910101007")
    assert upgraded == "360426199101010071"
    assert ids.parse_resident_id(upgraded).number == upgraded


@pytest.mark.parametrize("code", ["91110000600037341L", "A1320300MA1234567X"])
def test_it_accepts_valid_credit_codes(code: str) -> None:
    if code.startswith("A"):
        code = code[:17] + ids.credit_check_character(code[:17])
    assert ids.normalize_credit_code(code.lower()) == code


def test_it_rejects_a_credit_code_with_the_letter_i() -> None:
    assert refusal(ids.normalize_credit_code, "91110000600037341I") == "alphabet"


def test_it_rejects_a_credit_code_with_a_wrong_check_character() -> None:
    assert refusal(ids.normalize_credit_code, "91110000600037341M") == "checksum"


def test_it_rejects_a_credit_code_of_the_wrong_length() -> None:
    assert refusal(ids.normalize_credit_code, "9111000060003734") == "length"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("１９９１２３４５６７８", "19912345678"),
    ],
)
def test_it_normalises_mobiles(raw: str, expected: str) -> None:
    assert ids.normalize_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "025-12345678", "abc"])
def test_it_rejects_what_is_not_a_mobile(raw: str) -> None:
    assert refusal(ids.normalize_mobile, raw) == "format"


@given(st.text(max_size=30))
def test_it_never_crashes_on_random_text(text: str) -> None:
    for function in (ids.parse_resident_id, ids.normalize_credit_code, ids.normalize_mobile):
        try:
            function(text)
        except ValidationError as error:
            assert error.messages  # a message for the user, whatever came in


@given(
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31)),
    st.integers(0, 999),
)
def test_every_generated_id_with_its_check_character_is_accepted(
    birth: dt.date, sequence: int
) -> None:
    first17 = f"320302{birth:%Y%m%d}{sequence:03d}"
    number = first17 + ids.id_check_character(first17)
    assert ids.parse_resident_id(number).birth_date == birth
