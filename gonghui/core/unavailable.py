"""A database that cannot be reached answers 503 with Retry-After, not 500 (等保 2.0: 可用性).

When PostgreSQL restarts or the network to it drops, every request fails with Django's
`OperationalError` (or `InterfaceError` on a connection that died under it). Such a request
could not have worked, and the next one may: the answer is 503 with `Retry-After`, a short
page in the user's language, and no traceback. A proxy or client then retries instead of
reporting a bug. The connect timeout (settings, `GONGHUI_DB_CONNECT_TIMEOUT`) makes the
failure fast; the connection health checks reconnect the workers once the database is back,
without a restart of Gonghui.

The failure can happen anywhere: in a view, or in a middleware reading the session or the
user before the view. Django turns each of those into a 500 response at the layer where it
happened, so no outer `try` sees the exception. `got_request_exception` does see it, still
being handled: the receiver marks the request, and `DatabaseUnavailableMiddleware`, first in
the list, turns that request's 500 into the 503.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30
# The request's META carries the mark: a plain dict key, set before any response exists.
UNAVAILABLE = "gonghui.database_unavailable"
# The 500 response's headers that describe it, not the page that replaces it.
BODY_HEADERS = frozenset({"content-type", "content-length", "content-language"})


@receiver(got_request_exception, dispatch_uid="gonghui.core.unavailable.mark")
def _mark_database_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        request.META[UNAVAILABLE] = True


class DatabaseUnavailableMiddleware:
    """First middleware: a request that failed on the database gets a 503 page instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.META.get(UNAVAILABLE):
            return response
        unavailable = unavailable_response(request)
        # The security headers the inner middlewares set (CSP, HSTS, frame options) stay.
        for header, value in response.headers.items():
            if header.lower() not in BODY_HEADERS:
                unavailable.headers.setdefault(header, value)
        return unavailable


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 in the request's language, HTML for pages and JSON for the API. Touches no database
    (no session, no user): it is what answers while the database is away."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        message = _("Gonghui cannot reach its database just now. Try again in a minute.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            page = render_to_string("core/unavailable.html", {"message": message})
            response = HttpResponse(page, status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
