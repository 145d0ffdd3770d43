"""Taking an erased person's name out of the cases that carry it (titles, messages, notes).
The domains that know whose cases they are call this from their own `erasure.py`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Replace

from gonghui.cases.models import Case, CaseEvent, Notification


def scrub_name(cases: QuerySet[Case] | Iterable[int], name: str, placeholder: str) -> int:
    """Replace `name` by `placeholder` wherever the cases' text holds it; cases changed."""
    if not name:
        return 0
    ids = list(cases.values_list("pk", flat=True)) if isinstance(cases, QuerySet) else list(cases)

    def swapped(field: str) -> Replace:
        return Replace(F(field), Value(name), Value(placeholder))

    Notification.objects.filter(case__in=ids).update(message=swapped("message"))
    CaseEvent.objects.filter(case__in=ids).update(note=swapped("note"))
    return Case.objects.filter(pk__in=ids).update(title=swapped("title"))
