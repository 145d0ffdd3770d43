"""Requests a client address may make per window, for the doors a script would hammer: the
sign-in forms (`middleware.SignInRateMiddleware`) and the portal's SMS codes (`portal/views.py`).

The counts are database rows, not the `api-throttle` file cache: the file cache is one
machine's and not atomic (two workers can read the same count), while a row locked with
`select_for_update` counts exactly across workers and machines, and these requests are rare
enough for one small write each.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.accounts.models import RequestRate
from gonghui.core.http import client_address


def wait_after_request(request: HttpRequest, *, kind: str, limit: int, window: timedelta) -> int:
    """Count one request of `kind` from the client's address. Returns 0 while the address is
    within `limit` requests per `window`, otherwise the seconds until its window ends."""
    address = client_address(request) or "unknown"
    now = timezone.now()
    with transaction.atomic():
        RequestRate.objects.filter(kind=kind, window_started_at__lte=now - window).delete()
        row, _created = RequestRate.objects.select_for_update().get_or_create(
            kind=kind, address=address, defaults={"window_started_at": now}
        )
        row.requests += 1
        row.save(update_fields=["requests"])
    if row.requests <= limit:
        return 0
    return max(1, math.ceil((row.window_started_at + window - now).total_seconds()))


def too_many(
    request: HttpRequest, template: str, *, wait: int, context: dict | None = None
) -> HttpResponse:
    """The 429 answer: the page that says why, and when to come back (Retry-After, seconds)."""
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response
