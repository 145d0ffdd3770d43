"""Unique, valid identifiers for the demo city: credit codes and resident ID numbers."""

from __future__ import annotations

import datetime as dt
from random import Random

from gonghui.core.ids import CREDIT_ALPHABET, credit_check_character, id_check_character

FIRST_BIRTH_DATE = dt.date(1962, 1, 1)
LAST_BIRTH_DATE = dt.date(2004, 12, 31)


class CreditCodes:
    """统一社会信用代码 (GB 32100): registering authority and type, area code, a random
    organisation code and the check character, never the same twice."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def draw(self, prefix: str, area_code: str) -> str:
        while True:
            first17 = prefix + area_code + "".join(self._rng.choices(CREDIT_ALPHABET, k=9))
            if first17 not in self._seen:
                self._seen.add(first17)
                return first17 + credit_check_character(first17)


class ResidentIds:
    """公民身份号码 (GB 11643): area code, birth date, sequence (odd = male), check character;
    never the same twice."""

    def __init__(self, rng: Random) -> None:
        self._random = rng.random
        self._seen: set[str] = set()
        days = (LAST_BIRTH_DATE - FIRST_BIRTH_DATE).days + 1
        births = (FIRST_BIRTH_DATE + dt.timedelta(days=n) for n in range(days))
        self._births = [(birth.strftime("%Y%m%d"), birth) for birth in births]

    def draw(self, area_code: str, *, male: bool) -> tuple[str, dt.date]:
        """A new number and its birth date. `int(random() * n)` rather than `randrange`:
        this runs millions of times and is three times faster."""
        while True:
            digits, birth = self._births[int(self._random() * len(self._births))]
            sequence = 2 * int(self._random() * 499) + (1 if male else 2)
            first17 = f"{area_code}{digits}{sequence:03d}"
            if first17 not in self._seen:
                self._seen.add(first17)
                return first17 + id_check_character(first17), birth
