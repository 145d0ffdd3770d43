"""Web hardening on every response (等保 2.0: 入侵防范): the Content-Security-Policy header,
and pages that take only the methods their forms send.

The policy is `settings.GONGHUI_CSP`: scripts and styles come only from our own static files,
so a script injected into a page (a name with `<script>` in it, an `onerror=` attribute) does
not run even where an escape was forgotten. A view that sets its own policy keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from rest_framework.views import APIView

# What a page's links and forms send; the API's endpoints declare their own methods.
PAGE_METHODS = ("GET", "HEAD", "POST")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.GONGHUI_CSP)
        return response


class PageMethodsMiddleware:
    """A page answers PUT, PATCH, DELETE and the rest with 405: views written for the GET and
    POST of a browser never see another method (a DELETE must not run a POST's code, nor a PUT
    render a page as if it were a GET). The API's endpoints are left to DRF."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: object, kwargs: object
    ) -> HttpResponse | None:
        endpoint = isinstance(getattr(view, "cls", None), type) and issubclass(view.cls, APIView)
        if request.method in PAGE_METHODS or endpoint:
            return None
        return HttpResponseNotAllowed(PAGE_METHODS)
