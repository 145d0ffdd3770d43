"""Keyset pages by id: `?limit=` rows after the `cursor` of the previous page, never a COUNT.

A district holds ~200k members; an offset page or a total would read them all on every call.
The cursor is the last id seen (opaque to the client), so walking a list while rows are added
neither skips nor repeats a row.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
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
        if text is None:
            return self.page_size
        if not text.isdigit() or not 1 <= int(text) <= self.max_page_size:
            message = _("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(text)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        links = {"next": _("The next page; null on the last one."),
                 "previous": _("The page before; null on the first one.")}  # fmt: skip
        for name, description in links.items():
            described["properties"][name].pop("example", None)  # DRF's is another site's URL
            described["properties"][name]["description"] = description
        return described
