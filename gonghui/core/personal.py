"""Reading a record's encrypted personal data: in clear (for the services that need it) and
masked (for every page, export and API answer by default)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import pgettext

from gonghui.core import crypto


class PersonalData:
    """For a model with `id_cipher` and `mobile_cipher` (encrypted by `core.crypto`; either may
    be empty): the ID number and mobile in clear and masked, "" where none is stored."""

    id_cipher: bytes | None
    mobile_cipher: bytes | None

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher) if self.id_cipher else ""

    @property
    def mobile(self) -> str:
        return crypto.decrypt(self.mobile_cipher) if self.mobile_cipher else ""

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number) if self.id_cipher else ""

    @property
    def masked_mobile(self) -> str:
        return crypto.mask_mobile(self.mobile) if self.mobile_cipher else ""


# Erasure (删除权, PIPL art. 47): each domain that keeps a person's traces registers an eraser
# in its `erasure.py`; `erase_everywhere` runs them all in the caller's transaction.


@dataclass(frozen=True)
class ErasedPerson:
    """Whom to erase, by blind index only, and what to write instead."""

    id_blind: str
    mobile_blinds: frozenset[str]
    placeholder: str  # the name written in place of theirs, e.g. 已删除-3f9a1c

    def blind_placeholder(self) -> str:
        """A blind index that matches no ID number or mobile and clashes with no other row."""
        return f"erased-{secrets.token_hex(16)}"


Eraser = Callable[[ErasedPerson], int]
_erasers: list[tuple[int, str, Eraser]] = []


def eraser(*, order: int = 50) -> Callable[[Eraser], Eraser]:
    """Register `anonymise(person) -> rows changed`; a lower `order` runs first (an eraser that
    finds the person through another domain's rows runs before that domain's)."""

    def register(function: Eraser) -> Eraser:
        _erasers.append((order, function.__module__, function))
        _erasers.sort(key=lambda item: (item[0], item[1]))
        return function

    return register


def erase_everywhere(person: ErasedPerson) -> dict[str, int]:
    """Run every registered eraser; rows changed per app."""
    autodiscover_modules("erasure")
    changed: dict[str, int] = {}
    for _order, module, function in _erasers:
        app = module.split(".")[-2]
        changed[app] = changed.get(app, 0) + function(person)
    return changed


def placeholder_name() -> str:
    """`已删除-3f9a1c` in the deployment's language: stored, so never the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return (
            f"{pgettext('placeholder name of an erased person', 'Erased')}-{secrets.token_hex(3)}"
        )
