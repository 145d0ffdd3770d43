"""The Content-Security-Policy header (等保 2.0: 入侵防范), on every response.

The policy is `settings.GONGHUI_CSP`: scripts and styles come only from our own static files,
so a script injected into a page (a name with `<script>` in it, an `onerror=` attribute) does
not run even where an escape was forgotten. A view that sets its own policy keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.GONGHUI_CSP)
        return response
