"""Validation and normalisation of identifiers (domain.md §2), used by forms, imports and API alike.

Every function takes what a person typed or a spreadsheet held and returns the canonical value,
or raises `ValidationError` with a code and a message in the user's language. Nothing is "fixed"
silently: a wrong check character is an error, never recomputed.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Full-width forms U+FF01..U+FF5E map to ASCII by a fixed offset; the ideographic space to " ".
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE | re.ASCII)

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I O Z S V
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUE = {char: value for value, char in enumerate(CREDIT_ALPHABET)}
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)


def is_digits(text: str) -> bool:
    """ASCII digits only: str.isdigit also takes ² and the digits of other scripts (٣, ३),
    which int() refuses or reads as digits a person did not type."""
    return text.isascii() and text.isdigit()


def to_half_width(value: str) -> str:
    """Full-width digits and letters to ASCII, then surrounding white space removed."""
    return (value if value.isascii() else value.translate(_FULL_WIDTH)).strip()


@dataclass(frozen=True)
class ResidentId:
    """A valid 18-character resident ID (公民身份号码, GB 11643) and what it tells."""

    number: str
    birth_date: dt.date
    gender: str  # "M" or "F": odd sequence = male

    @property
    def area_code(self) -> str:
        return self.number[:6]


def id_check_character(first17: str) -> str:
    total = sum(map(operator.mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK[total % 11]


def parse_resident_id(raw: object, *, today: dt.date | None = None) -> ResidentId:
    """Validate an 18-character resident ID; accept lowercase x, full-width digits, spaces."""
    text = to_half_width(str(raw if raw is not None else "")).replace(" ", "").upper()
    if not text:
        raise ValidationError(_("The ID number is missing."), code="required")
    if _EXCEL_NUMBER.match(text) or (
        is_digits(text) and len(text) == 18 and text.endswith("000") and _looks_rounded(text)
    ):
        raise ValidationError(
            _(
                "The ID number %(value)s was damaged by Excel (stored as a number, only 15 "
                "digits kept). Format the column as text and type the number again."
            ),
            code="excel_damaged",
            params={"value": text},
        )
    if len(text) == 15 and is_digits(text):
        raise ValidationError(
            _("%(value)s is an old 15-digit ID number; enter the 18-digit number."),
            code="legacy_15",
            params={"value": text},
        )
    if len(text) != 18 or not is_digits(text[:17]) or not (is_digits(text[17]) or text[17] == "X"):
        raise ValidationError(
            _("The ID number must have 18 characters: 17 digits and a digit or X."),
            code="format",
        )
    birth = _birth_date(text[6:14], today=today)
    if id_check_character(text[:17]) != text[17]:
        raise ValidationError(
            _("The ID number %(value)s has a wrong check character."),
            code="checksum",
            params={"value": text},
        )
    gender = "M" if int(text[16]) % 2 == 1 else "F"
    return ResidentId(number=text, birth_date=birth, gender=gender)


def _looks_rounded(text: str) -> bool:
    """An 18-digit number ending in 000 whose check fails is what Excel's rounding leaves."""
    return id_check_character(text[:17]) != text[17]


def _birth_date(digits: str, *, today: dt.date | None) -> dt.date:
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(
            _("The ID number holds an impossible birth date (%(value)s)."),
            code="birth_date",
            params={"value": digits},
        ) from None
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date, not an instant
    if birth > today or birth.year < 1900:
        raise ValidationError(
            _("The ID number holds a birth date that cannot be right (%(value)s)."),
            code="birth_date",
            params={"value": digits},
        )
    return birth


def upgrade_legacy_id(raw: str) -> str:
    """Turn a 15-digit legacy number into 18 digits; only when the user asks for it."""
    text = to_half_width(raw).replace(" ", "")
    if len(text) != 15 or not is_digits(text):
        raise ValidationError(_("Only a 15-digit number can be upgraded."), code="legacy_format")
    first17 = text[:6] + "19" + text[6:]
    return first17 + id_check_character(first17)


def credit_check_character(first17: str) -> str:
    total = sum(map(operator.mul, map(_CREDIT_VALUE.__getitem__, first17), CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: object) -> str:
    """Validate a 统一社会信用代码 (GB 32100-2015) and return it upper-cased."""
    text = to_half_width(str(raw if raw is not None else "")).replace(" ", "").upper()
    if not text:
        raise ValidationError(_("The unified social credit code is missing."), code="required")
    if len(text) != 18:
        raise ValidationError(
            _("The unified social credit code must have 18 characters, not %(count)d."),
            code="length",
            params={"count": len(text)},
        )
    bad = sorted({char for char in text if char not in CREDIT_ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "The unified social credit code may not contain %(chars)s "
                "(the letters I, O, Z, S and V are never used)."
            ),
            code="alphabet",
            params={"chars": "".join(bad)},
        )
    if not is_digits(text[2:8]):
        raise ValidationError(
            _("Characters 3 to 8 of the unified social credit code must be an area code."),
            code="area",
        )
    if credit_check_character(text[:17]) != text[17]:
        raise ValidationError(
            _("The unified social credit code %(value)s has a wrong check character."),
            code="checksum",
            params={"value": text},
        )
    return text


def normalize_mobile(raw: object) -> str:
    """Strip +86, 0086, spaces and dashes; then an 11-digit mainland mobile number."""
    text = to_half_width(str(raw if raw is not None else ""))
    text = re.sub(r"[\s\-()]", "", text)
    if not text:
        raise ValidationError(_("The mobile number is missing."), code="required")
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if not _MOBILE.match(text):
        raise ValidationError(
            _("%(value)s is not a mobile number (11 digits starting with 13 to 19)."),
            code="format",
            params={"value": text},
        )
    return text
