"""Helpers shared by the views of every domain."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that change the registry are for cadres only (viewers and admins get 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "may_edit", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")
