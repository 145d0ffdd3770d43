"""Model fields shared by the domains."""

from __future__ import annotations

from typing import Any

from django.db import models


class CodeField(models.CharField):
    """A code, path or name compared byte by byte: prefix ranges then use a plain b-tree index.

    SQLite compares text in binary already; on PostgreSQL the column gets the "C" collation,
    so `value >= 'x' AND value < 'y'` means the same on both databases whatever the server's
    locale. Scope paths, area codes and name prefixes are searched this way (see scope.py).
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def prefix_q(field: str, prefix: str) -> models.Q:
    """`field` starts with `prefix`, written as a range so both databases use the index."""
    return models.Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix_upper_bound(prefix)})
