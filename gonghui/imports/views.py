"""Import pages: upload, progress (polled, survives a reload), problems and report, templates."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.forms import save_if_valid
from gonghui.core.http import client_address, editor_required
from gonghui.core.tabular import CONTENT_TYPES
from gonghui.imports import selectors, services
from gonghui.imports.blank import write_template
from gonghui.imports.engine import REGISTRY
from gonghui.imports.forms import ImportForm


@editor_required
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    job = save_if_valid(request, form, lambda: services.job_start(
        actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
        dry_run=form.cleaned_data["dry_run"],
    ))  # fmt: skip
    if job is not None:
        return redirect("imports:detail", job_id=job.pk)
    jobs = selectors.recent_jobs(user=request.user)
    kinds = [(name, kind.label) for name, kind in REGISTRY.items()]
    return render(request, "imports/start.html", {"form": form, "jobs": jobs, "kinds": kinds})


def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, job_id=job_id)
    return render(request, "imports/detail.html", {"job": job})


def import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar alone, polled by the detail page; a finished job reloads the page."""
    job = selectors.job_get(user=request.user, job_id=job_id)
    response = render(request, "imports/_progress.html", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@editor_required
def import_checked(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, job_id=job_id)
    try:
        new_job = services.job_import_checked(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("imports:detail", job_id=job.pk)
    return redirect("imports:detail", job_id=new_job.pk)


def import_report(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, job_id=job_id)
    path = services.report_path(job)
    if not job.has_report or not path.is_file():
        raise Http404
    audit.record(actor=request.user, action="import.report", obj=job,
                 remote_addr=client_address(request))  # fmt: skip
    name = f"{job.kind}-errors-{job.pk}.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name,
                        content_type=CONTENT_TYPES["xlsx"])  # fmt: skip


def import_template(request: HttpRequest) -> HttpResponse:
    importer = REGISTRY.get(request.GET.get("kind", ""))
    if importer is None:
        raise Http404
    spool = tempfile.SpooledTemporaryFile(max_size=4 << 20)  # noqa: SIM115 - FileResponse closes it
    write_template(importer, spool)
    spool.seek(0)
    name = f"{importer.name}-template.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name,
                        content_type=CONTENT_TYPES["xlsx"])  # fmt: skip
