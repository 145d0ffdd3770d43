"""The Chinese catalogue: every message translated, none fuzzy, and the .mo compiled from the .po.

The .po is parsed here in plain Python and the .mo read with the standard library's gettext, so
these tests need no GNU gettext. Run `make messages` after changing any user-visible string.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils.translation import gettext as _
from django.utils.translation import override

from gonghui.core import ids

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included, obsolete (#~) entries left out."""
    entries: list[Entry] = []
    entry, key = Entry(), ""
    for number, raw in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if key:
                entries.append(entry)
            entry, key = Entry(), ""
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, key, ast.literal_eval(line))
        else:
            key, _space, value = line.partition(" ")
            entry.line = entry.line or number
            _append(entry, key, "", start=True)
            _append(entry, key, ast.literal_eval(value))
    return entries


def _append(entry: Entry, key: str, text: str, *, start: bool = False) -> None:
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if key.startswith("msgstr[") else 0
        entry.msgstr[index] = ("" if start else entry.msgstr[index]) + text
    else:
        setattr(entry, key, ("" if start else getattr(entry, key) or "") + text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [entry for entry in parse_po(CATALOGUE / "django.po") if entry.msgid]


@pytest.fixture(scope="module")
def compiled() -> gettext.GNUTranslations:
    with (CATALOGUE / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid!r}"


def test_it_finds_the_catalogue_with_its_messages(entries: list[Entry]) -> None:
    assert len(entries) > 100


def test_it_has_a_translation_for_every_message(entries: list[Entry]) -> None:
    untranslated = [where(e) for e in entries if not all(e.msgstr.values()) or not e.msgstr]
    assert untranslated == [], "untranslated — run `make messages` and translate them"


def test_it_has_no_fuzzy_entry_left(entries: list[Entry]) -> None:
    header = parse_po(CATALOGUE / "django.po")[0]
    fuzzy = [where(e) for e in [header, *entries] if "fuzzy" in e.flags]
    assert fuzzy == [], "fuzzy entries are left out of the .mo: check each and clear the flag"


def test_it_keeps_every_placeholder_of_the_english_text(entries: list[Entry]) -> None:
    changed = [
        where(e)
        for e in entries
        if "python-format" in e.flags
        and any(
            sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(text))
            for text in e.msgstr.values()
        )
    ]
    assert changed == []


def test_it_compiled_the_mo_from_the_current_po(
    entries: list[Entry], compiled: gettext.GNUTranslations
) -> None:
    stale = []
    for entry in entries:
        if entry.msgid_plural is not None:
            found = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
        elif entry.msgctxt is not None:
            found = compiled.pgettext(entry.msgctxt, entry.msgid)
        else:
            found = compiled.gettext(entry.msgid)
        if found != entry.msgstr[0]:
            stale.append(where(entry))
    assert stale == [], "the .mo is out of date: run `make messages`"


def test_it_holds_no_message_in_the_mo_that_the_po_lost(
    entries: list[Entry], compiled: gettext.GNUTranslations
) -> None:
    in_po = {e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}" for e in entries}
    in_mo = {key[0] if isinstance(key, tuple) else key for key in compiled._catalog}  # type: ignore[attr-defined]
    assert in_mo - in_po - {""} == set(), "the .mo is out of date: run `make messages`"


def test_it_shows_chinese_by_default_and_english_on_request() -> None:
    with override("zh-hans"):
        assert _("Members") == "会员"
        assert _("Employers") == "单位"
    with override("en"):
        assert _("Members") == "Members"


def test_it_renders_templates_lazy_labels_and_choices_in_chinese() -> None:
    from gonghui.employers.models import Industry
    from gonghui.members.models import Member

    with override("zh-hans"):
        assert Template('{% load i18n %}{% translate "Sign out" %}').render(Context()) == "退出登录"
        assert str(Member._meta.verbose_name_plural) == "会员"
        assert str(Industry.C.label) == "制造业"


def test_it_explains_a_wrong_id_check_character_with_the_word_check_code() -> None:
    with override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            ids.parse_resident_id("360426199101010072")
        message = caught.value.messages[0]
    assert "校验码" in message
    assert "360426199101010072" in message
