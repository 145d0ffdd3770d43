"""Erasing a person from the 转岗分流 register: name, ID number and mobile; the industry, the
former employer, the dates and the services stay for the figures."""

from __future__ import annotations

from django.utils import timezone

from gonghui.core.personal import ErasedPerson, eraser
from gonghui.relocation.models import RelocatedWorker


@eraser()
def anonymise_relocated_worker(person: ErasedPerson) -> int:
    return RelocatedWorker.objects.filter(id_blind=person.id_blind).update(
        name=person.placeholder,
        id_cipher=b"",
        id_blind=person.blind_placeholder(),
        mobile_cipher=None,
        updated_at=timezone.now(),
    )
