"""Pinyin initials of Chinese names (张三 → zs), for search by what cadres type on a phone."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, pinyin

# Surnames read differently from the character's everyday reading (单 shàn, 曾 zēng, …).
SURNAME_INITIALS = {
    "单": "s", "解": "x", "仇": "q", "区": "o", "查": "z", "朴": "p", "尉": "y",
    "曾": "z", "盖": "g", "乐": "y", "缪": "m", "覃": "q", "召": "s", "翟": "z",
}  # fmt: skip


@lru_cache(maxsize=65536)
def _char_initial(char: str) -> str:
    if char.isascii():
        return char.lower() if char.isalnum() else ""
    reading = pinyin(char, style=Style.FIRST_LETTER, strict=False, errors="ignore")
    return reading[0][0].lower() if reading and reading[0] else ""


def name_initials(name: str) -> str:
    """The first letters of each syllable; the surname's special reading wins for its first char."""
    if not name:
        return ""
    first = SURNAME_INITIALS.get(name[0]) or _char_initial(name[0])
    return first + "".join(_char_initial(char) for char in name[1:])
