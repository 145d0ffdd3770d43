"""Keyset pages by id: `?limit=` rows after the `cursor` of the previous page, never a COUNT.

A district holds ~200k members; an offset page or a total would read them all on every call.
The cursor is the last id seen (opaque to the client), so walking a list while rows are added
neither skips nor repeats a row.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class IdCursorPagination(CursorPagination):
    ordering = "id"
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    page_size_query_description = _("Rows per page (1 to 1000, 100 by default).")
    max_page_size = MAX_LIMIT

    def get_page_size(self, request: Request) -> int:
        """The `limit` asked for; a value that is not a whole number from 1 to 1000 is a 400
        (DRF would quietly fall back to the default)."""
        text = request.query_params.get(self.page_size_query_param)
        if not text:  # absent or empty, as an empty filter: the default
            return self.page_size
        # isascii: "²" and other Unicode digits pass isdigit but not int().
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= self.max_page_size:
            message = _("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(text)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """The cursor of a page we gave; anything else is a 400 naming the parameter (DRF says
        404, and would hand a forged position that is not an id to the query: a 500)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self._bad_cursor() from None
        position = cursor.position if cursor is not None else None
        if position is not None and not (position.isascii() and position.isdigit()):
            raise self._bad_cursor()
        return cursor

    def _bad_cursor(self) -> ValidationError:
        message = _("This cursor was not given by the API; start again from the first page.")
        return ValidationError({self.cursor_query_param: [message]})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        links = {"next": _("The next page; null on the last one."),
                 "previous": _("The page before; null on the first one.")}  # fmt: skip
        for name, description in links.items():
            described["properties"][name].pop("example", None)  # DRF's is another site's URL
            described["properties"][name]["description"] = description
        return described
