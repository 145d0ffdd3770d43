"""Cell values as spreadsheets hold them → clean Python values, or a reason in the user's language.

Every parser takes one cell as the reader gave it (str from CSV; str, float, int, date or
datetime from xlsx) and returns the clean value or raises `ValidationError`. Identifiers go
through `core/ids.py`; this module adds what only a spreadsheet does to them: numbers in
scientific notation, `.0` endings, Excel date serials, full-width digits and stray spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gonghui.core.ids import is_digits, to_half_width
from gonghui.core.tabular import FORMULA_STARTS

# Excel counts days from 1899-12-30 (with its 1900 leap-year bug folded in).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials a date column can plausibly hold: 1927-05-18 to 2119-01-08.
EXCEL_SERIALS = range(10_000, 80_000)
# Excel keeps 15 significant digits: a longer number in a cell has lost digits.
EXACT_DIGITS = 15
# A midnight time after a date, as text exports of Excel dates carry it.
_MIDNIGHT = re.compile(r"[ T]0{1,2}:0{1,2}(?::0{1,2})?$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓"})
NO = frozenset({"否", "n", "no", "false", "0", ""})


def text(value: Any) -> str:
    """A cell as the text a person sees, for codes, numbers and dates: whole numbers without
    `.0`, full-width digits and letters made ASCII, white space collapsed.

    A number too long for Excel to hold exactly keeps its scientific notation (`3.2E+17`), so
    that the identifier rules can say the cell was damaged instead of reading wrong digits.
    """
    if isinstance(value, str):  # the common case, first: every CSV cell is text
        return " ".join(to_half_width(unescaped(value)).split())
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXACT_DIGITS:
            return str(int(value))
        return str(value).upper()
    if isinstance(value, dt.date):  # a datetime at midnight is a date typed in Excel
        shown = value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
        return shown.removesuffix(" 00:00:00")
    return str(value)


def plain(value: Any) -> str:
    """A cell as written, for names: white space collapsed, full-width characters kept
    (徐州某某（集团）有限公司 keeps its Chinese brackets, as the forms store it)."""
    if isinstance(value, str):
        return " ".join(unescaped(value).split())
    return text(value)


def unescaped(value: str) -> str:
    """Text without the apostrophe our safe writer puts before `= + - @` or a tab (an export
    of ours imports back as it was exported)."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def is_blank(value: Any) -> bool:
    """Whether a cell holds nothing a person would see."""
    return value is None or (isinstance(value, str) and not value.strip())


def required_text(value: Any) -> str:
    """A cell as written (see `plain`) that may not be empty."""
    cleaned = plain(value)
    if not cleaned:
        raise ValidationError(_("This cell may not be empty."), code="required")
    return cleaned


def name(limit: int) -> Callable[[Any], str]:
    """A parser for a required name of at most `limit` characters, kept as written."""

    def parse(value: Any) -> str:
        cleaned = required_text(value)
        if len(cleaned) > limit:
            raise ValidationError(
                _("At most %(limit)d characters fit here."), code="length", params={"limit": limit}
            )
        return cleaned

    return parse


def date(value: Any) -> dt.date:
    """An Excel date, a serial number or text: 2013-07-20, 2013/7/20, 2013.7.20, 2013年07月20日,
    20130720."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer() and int(value) in EXCEL_SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    cleaned = _MIDNIGHT.sub("", text(value)).replace(" ", "")
    if not cleaned:
        raise ValidationError(_("The date is missing."), code="required")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValidationError(
        _("%(value)s is not a date; write it as 2013-07-20."),
        code="date",
        params={"value": cleaned},
    )


def optional_date(value: Any) -> dt.date | None:
    return date(value) if text(value) else None


def yes_no(value: Any) -> bool:
    cleaned = text(value).lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise ValidationError(
        _("%(value)s is neither 是 nor 否."), code="yes_no", params={"value": cleaned}
    )


def whole_number(value: Any) -> int:
    cleaned = text(value).replace(",", "")
    if not is_digits(cleaned):
        raise ValidationError(
            _("%(value)s is not a whole number."), code="number", params={"value": cleaned}
        )
    return int(cleaned)


def choice(choices: type[models.Choices]) -> Callable[[Any], str]:
    """A parser for an enumeration: its code or its label in any of our languages → the code."""

    @cache
    def lookup() -> dict[str, str]:
        found = {str(code).lower(): str(code) for code in choices.values}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                # Keyed as `text` reads a cell: 基层工会（单独建会） is found however typed.
                found |= {text(str(label)).lower(): str(code) for code, label in choices.choices}
        return found

    def parse(value: Any) -> str:
        cleaned = text(value)
        try:
            return lookup()[cleaned.lower()]
        except KeyError:
            raise ValidationError(
                _("%(value)s is not one of the allowed values."),
                code="choice",
                params={"value": cleaned},
            ) from None

    return parse
