"""Helpers shared by the views of every domain."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role
from gonghui.core.exporting import Column, export_list
from gonghui.core.tabular import CONTENT_TYPES, FORMATS


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that change the registry are for cadres only (viewers and admins get 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "may_edit", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def worker_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Worker pages: anonymous visitors sign in at the portal; cadres get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) != Role.WORKER:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper, login_url="portal:signin")


def cadre_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cadre pages inside the portal: workers get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) == Role.WORKER:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def export_response(
    request: HttpRequest,
    *,
    kind: str,
    rows: QuerySet,
    columns: list[Column],
    unmasked: bool = False,
) -> HttpResponse:
    """A scoped, filtered list as a download (`?format=xlsx|csv`), written by the safe writer."""
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        return HttpResponseBadRequest(_("Export as xlsx or csv."))
    # Spooled: a small export stays in memory, a district's whole roster goes to disk.
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    # What was exported: the URL's own parameters (a node, a metric) and the list's filters.
    in_url = request.resolver_match.kwargs if request.resolver_match else {}
    filters = in_url | {k: v for k, v in request.GET.items() if k not in ("format", "page")}
    export_list(
        actor=request.user,
        kind=kind,
        rows=rows,
        columns=columns,
        file_format=file_format,
        stream=spool,
        filters=filters,
        unmasked=unmasked,
    )
    spool.seek(0)
    name = f"{kind}-{timezone.localdate():%Y%m%d}.{file_format}"
    return FileResponse(
        spool, as_attachment=True, filename=name, content_type=CONTENT_TYPES[file_format]
    )
