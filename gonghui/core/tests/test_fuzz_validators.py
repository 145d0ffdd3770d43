"""Fuzzing the identifier rules (core/ids.py) with hypothesis: whatever comes in, the answer is
the canonical value or the rule's own ValidationError with a message; every valid value made
by computing its check character passes; one changed character is always caught."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core import ids
from gonghui.core.tests.fuzzing import (
    ASCII_DIGITS,
    FULL_WIDTH_DIGITS,
    FUZZ,
    LOOKALIKES,
    fuzz_examples,
)

VALIDATORS: tuple[Callable[[Any], Any], ...] = (
    ids.parse_resident_id,
    ids.normalize_credit_code,
    ids.normalize_mobile,
)
# And what cadres type around numbers: x, spaces, dashes, +86, the ideographic space.
TRICKY = ASCII_DIGITS + FULL_WIDTH_DIGITS + LOOKALIKES + "XxIOZSV -+()\u3000\t\n"

tricky_text = st.text(alphabet=TRICKY, min_size=10, max_size=22)
any_value = st.one_of(
    st.text(),
    tricky_text,
    st.integers(),
    st.floats(),
    st.none(),
    st.binary().map(lambda data: data.decode("latin-1")),
)

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())  # noqa: DTZ011
area_codes = st.text(alphabet=ASCII_DIGITS, min_size=6, max_size=6)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    first17 = f"{draw(area_codes)}{draw(birth_dates):%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + ids.id_check_character(first17)


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    alphabet = ids.CREDIT_ALPHABET
    head = draw(st.text(alphabet=alphabet, min_size=2, max_size=2))
    serial = draw(st.text(alphabet=alphabet, min_size=9, max_size=9))
    first17 = f"{head}{draw(area_codes)}{serial}"
    return first17 + ids.credit_check_character(first17)


@st.composite
def mobiles(draw: st.DrawFn) -> tuple[str, str]:
    """A mobile number and a way a person may have typed it."""
    number = f"1{draw(st.integers(3, 9))}{draw(st.integers(0, 10**9 - 1)):09d}"
    prefix = draw(st.sampled_from(["", "+86", "0086", "+86 "]))
    typed = draw(st.sampled_from([number, f"{number[:3]}-{number[3:7]}-{number[7:]}",
                                  f"{number[:3]} {number[3:7]} {number[7:]}"]))  # fmt: skip
    return number, prefix + typed


def outcome(validator: Callable[[Any], Any], value: Any) -> Any:
    """The validator's answer, or its ValidationError; anything else fails the test."""
    try:
        return validator(value)
    except ValidationError as error:
        assert error.messages and all(error.messages), "a refusal without a message"
        return error


@settings(FUZZ, max_examples=fuzz_examples(300))
@given(value=any_value)
def test_anything_is_either_accepted_in_ascii_or_refused_with_a_message(value: Any) -> None:
    text_only = (ids.upgrade_legacy_id,) if isinstance(value, str) else ()
    for validator in (*VALIDATORS, *text_only):
        answer = outcome(validator, value)
        canonical = answer.number if isinstance(answer, ids.ResidentId) else answer
        if isinstance(canonical, str):
            # What is stored and compared is plain ASCII, never a look-alike digit.
            assert canonical.isascii() and canonical.isalnum(), (validator.__name__, canonical)


@settings(FUZZ, max_examples=fuzz_examples(200))
@given(number=resident_ids(), spaced=st.booleans(), lower=st.booleans())
def test_every_resident_id_with_its_check_character_is_accepted(
    number: str, spaced: bool, lower: bool
) -> None:
    typed = f" {number[:6]} {number[6:14]} {number[14:]} " if spaced else number
    parsed = ids.parse_resident_id(typed.lower() if lower else typed)
    assert parsed.number == number
    assert f"{parsed.birth_date:%Y%m%d}" == number[6:14]


@settings(FUZZ, max_examples=fuzz_examples(200))
@given(number=resident_ids(), data=st.data())
def test_one_changed_character_of_a_resident_id_is_caught(number: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, 17))
    others = [char for char in ASCII_DIGITS + "X" if char != number[position]]
    changed = number[:position] + data.draw(st.sampled_from(others)) + number[position + 1 :]
    assert isinstance(outcome(ids.parse_resident_id, changed), ValidationError)


@settings(FUZZ, max_examples=fuzz_examples(200))
@given(code=credit_codes(), lower=st.booleans())
def test_every_credit_code_with_its_check_character_is_accepted(code: str, lower: bool) -> None:
    assert ids.normalize_credit_code(code.lower() if lower else code) == code


@settings(FUZZ, max_examples=fuzz_examples(200))
@given(code=credit_codes(), data=st.data())
def test_one_changed_character_of_a_credit_code_is_caught(code: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, 17))
    others = [char for char in ids.CREDIT_ALPHABET + "IOZSV" if char != code[position]]
    changed = code[:position] + data.draw(st.sampled_from(others)) + code[position + 1 :]
    assert isinstance(outcome(ids.normalize_credit_code, changed), ValidationError)


@settings(FUZZ, max_examples=fuzz_examples(200))
@given(mobile=mobiles())
def test_every_mobile_however_typed_is_accepted(mobile: tuple[str, str]) -> None:
    number, typed = mobile
    assert ids.normalize_mobile(typed) == number


@settings(FUZZ, max_examples=fuzz_examples(200))
@given(number=resident_ids(), data=st.data())
def test_a_look_alike_digit_is_never_taken_for_a_digit(number: str, data: st.DataObject) -> None:
    """A digit of another script in a valid ID, credit code or mobile is refused, not read as
    the digit it looks like (Python's isdigit and \\d would both take it)."""
    position = data.draw(st.integers(0, 16))
    lookalike = data.draw(st.sampled_from(LOOKALIKES))
    for validator, valid in (
        (ids.parse_resident_id, number),
        (ids.normalize_mobile, f"13{number[:9]}"),
        (ids.upgrade_legacy_id, number[:15]),
    ):
        spot = min(position, len(valid) - 1)
        changed = valid[:spot] + lookalike + valid[spot + 1 :]
        assert isinstance(outcome(validator, changed), ValidationError), (validator, changed)
