"""Paging long lists without counting them: a district's list has hundreds of thousands of rows.

The page holds `size + 1` rows fetched by OFFSET; the extra row only tells that a next page
exists. Counting the whole scoped list on every page view would cost more than the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class Page:
    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_of(queryset: QuerySet, page: object, size: int) -> Page:
    try:
        number = max(1, int(str(page)))
    except ValueError:
        number = 1
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)
