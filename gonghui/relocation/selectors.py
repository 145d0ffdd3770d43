"""Reading the register of relocated workers. Every function but `relocated_among` takes the
user; that one answers other domains (the hardship register presets its 转岗分流 flag)."""

from __future__ import annotations

from collections.abc import Iterable

from gonghui.relocation.models import RelocatedWorker


def relocated_among(id_blinds: Iterable[str]) -> set[str]:
    """The ID-number blind indexes among `id_blinds` that are on the register (city-wide, any
    status): one indexed lookup, no personal data decrypted."""
    wanted = set(id_blinds)
    if not wanted:
        return set()
    found = RelocatedWorker.objects.filter(id_blind__in=wanted).values_list("id_blind", flat=True)
    return set(found)
