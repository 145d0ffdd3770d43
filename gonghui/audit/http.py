"""The auditor's pages are for the auditor only (三权分立)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from gonghui.accounts.models import Role


def auditor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Everyone but the auditor gets 403: cadres, workers and the two other administrators."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) != Role.AUDITOR:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
