"""The auditor's pages: search the trail, open an entry, export (all read-only), verify the
chain (a POST that writes nothing but its own audit entry).

Every page is the auditor's only (`auditor_required`) and is audited itself (`audit.view`;
the export writes `audit.export`, the check `audit.verify`).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from gonghui.audit import selectors, services
from gonghui.audit.exporting import COLUMNS
from gonghui.audit.forms import EntryFilterForm
from gonghui.audit.http import auditor_required
from gonghui.core.http import client_address, export_response
from gonghui.core.pagination import page_of


@auditor_required
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    if "until" not in request.GET:
        query = request.GET.copy()
        query["until"] = str(selectors.newest_id())
        return redirect(f"{request.path}?{query.urlencode()}")
    filters = EntryFilterForm(request.GET)
    selection = filters.selection()
    page = page_of(
        selectors.entry_list(**selection), request.GET.get("page"), settings.GONGHUI_PAGE_SIZE
    )
    services.trail_viewed(
        actor=request.user,
        remote_addr=client_address(request),
        filters={name: str(value) for name, value in selection.items()},
        page=page.number,
    )
    return render(request, "audit/list.html", {"filters": filters, "page": page})


@auditor_required
@require_safe
def entry_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.entry_list(**EntryFilterForm(request.GET).selection())
    return export_response(request, kind="audit", rows=rows, columns=COLUMNS)


@auditor_required
@require_safe
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get(entry_id=entry_id)
    services.trail_viewed(actor=request.user, remote_addr=client_address(request), entry=entry)
    detail = json.dumps(entry.detail, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "audit/detail.html", {"entry": entry, "detail": detail})


@auditor_required
@require_POST
def chain_verify(request: HttpRequest) -> HttpResponse:
    findings = services.trail_verify(actor=request.user, remote_addr=client_address(request))
    return render(request, "audit/verify.html", {"findings": findings})
