"""Starting and running import jobs: the upload is stored, a background task runs the engine.

The web never runs an import in the request: `job_start` stores the file and enqueues
`tasks.run_job`, which calls `job_run` in a worker (`gonghui db_worker`). The job row carries
the progress the page polls; the engine's own transaction keeps the registry unchanged when a
file has errors or the worker dies.

A worker killed in the middle of a job leaves it "running"; `jobs_recover_interrupted` marks
such jobs failed (audited) and deletes their uploads. It runs before every new job is queued
and whenever a worker takes a job; `gonghui recover_imports` runs it on demand (at start).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.reading import estimate_rows
from gonghui.core.services import refuse, require_editor
from gonghui.imports import cells
from gonghui.imports.engine import REGISTRY, Outcome, Progress, run_import, throttled
from gonghui.imports.models import ImportJob
from gonghui.imports.report import write_report
from gonghui.imports.workers import current_worker

logger = logging.getLogger(__name__)

SUFFIXES = (".xlsx", ".csv")
PROGRESS_SECONDS = 1.0
PROBLEMS_SHOWN = 200
INTERRUPTED = gettext_lazy(
    "The import was interrupted before it finished (its server stopped). Nothing of it was "
    "written; upload the file again."
)


def uploads_dir() -> Path:
    path = settings.IMPORTS_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def report_path(job: ImportJob) -> Path:
    return settings.IMPORTS_DIR / "reports" / f"{job.pk}.xlsx"


def job_start(*, actor: Any, kind: str, upload: UploadedFile, dry_run: bool) -> ImportJob:
    """Store the uploaded file and queue its import (or its check, for a dry run)."""
    require_editor(actor)
    if kind not in REGISTRY:
        refuse(_("Choose what the file holds."), code="kind", field="kind")
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        refuse(_("Only .xlsx and .csv files can be imported."), code="file_type", field="file")
    if upload.size and upload.size > settings.GONGHUI_IMPORT_MAX_BYTES:
        refuse(
            _("The file is larger than %(mb)d MB; split it into several files.")
            % {"mb": settings.GONGHUI_IMPORT_MAX_BYTES >> 20},
            code="size",
            field="file",
        )
    stored = f"{uuid.uuid4().hex}{suffix}"
    with (uploads_dir() / stored).open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return _queue(actor, kind, name, stored, dry_run=dry_run)


def job_import_checked(*, actor: Any, job: ImportJob) -> ImportJob:
    """Import a file whose dry run found no errors, without uploading it again."""
    require_editor(actor)
    if not job.ok or not job.dry_run:
        refuse(_("Only a file checked without errors can be imported from here."), code="state")
    if not (uploads_dir() / job.stored_name).is_file():
        refuse(_("The uploaded file is no longer kept; upload it again."), code="gone")
    return _queue(actor, job.kind, job.filename, job.stored_name, dry_run=False)


def _queue(actor: Any, kind: str, filename: str, stored: str, *, dry_run: bool) -> ImportJob:
    from gonghui.imports.tasks import run_job

    jobs_recover_interrupted()
    with (uploads_dir() / stored).open("rb") as stream:
        expected = estimate_rows(stream, filename)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            filename=filename[:200],
            stored_name=stored,
            dry_run=dry_run,
            actor=actor,
            scope_path=actor.scope.union_path or "",
            rows_expected=expected,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit.record(actor=actor, action="import.upload", obj=job, kind=kind, dry_run=dry_run,
                     file=job.filename)  # fmt: skip
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run(job_id: int) -> None:
    """Run a queued job to its end (the background task's body), in the uploader's language."""
    jobs_recover_interrupted()
    # Taken in one statement: a task delivered twice finds the job taken already.
    taken = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CHECKING, worker=current_worker(), updated_at=timezone.now()
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    with translation.override(job.language):
        _run(job)


def _run(job: ImportJob) -> None:
    actor = job.actor
    importer = REGISTRY[job.kind](actor=actor, scope=actor.scope)
    progress = _progress(job.pk)
    upload = uploads_dir() / job.stored_name
    if not upload.is_file():
        _fail(job, _("The uploaded file is no longer kept; upload it again."))
        return
    try:
        with upload.open("rb") as stream:
            outcome = run_import(
                importer, stream, job.filename, dry_run=job.dry_run, on_progress=progress
            )
        try:
            _finish(job, outcome, unmasked=bool(getattr(actor, "may_unmask", False)))
        finally:
            outcome.close()
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _fail(job, _("An unexpected error stopped the import; nothing was written."))
    # Personal data is kept no longer than needed: only a clean check keeps its file, for
    # "import this file".
    job.refresh_from_db()
    if not (job.dry_run and job.ok):
        upload.unlink(missing_ok=True)


def jobs_recover_interrupted() -> int:
    """Mark failed every job whose worker stopped while checking or writing it, and say so in
    the audit trail; delete its upload (personal data kept no longer than needed). The engine's
    single transaction was rolled back with the worker, so nothing of such a job was written
    and its file can be imported again. Returns how many jobs were recovered.

    Queued jobs wait: a worker that comes back takes them."""
    taken = ImportJob.objects.filter(state__in=(ImportJob.State.CHECKING, ImportJob.State.WRITING))
    recovered = 0
    for job in (job for job in taken if job.is_stalled):
        with transaction.atomic(), translation.override(job.language):
            # Only if it has not moved on meanwhile (alive after all, or recovered by another).
            if not _fail(job, str(INTERRUPTED), state=job.state, updated_at=job.updated_at):
                continue
            audit.record(actor=None, action="import.interrupted", obj=job, kind=job.kind,
                         file=job.filename, state=job.state, worker=job.worker)  # fmt: skip
        (uploads_dir() / job.stored_name).unlink(missing_ok=True)
        logger.warning("import job %s stopped with its worker %s: failed", job.pk, job.worker)
        recovered += 1
    return recovered


def _fail(job: ImportJob, message: str, **unless_moved: Any) -> bool:
    now = timezone.now()
    jobs = ImportJob.objects.filter(pk=job.pk, **unless_moved)
    return bool(
        jobs.update(
            state=ImportJob.State.FAILED, file_error=message, finished_at=now, updated_at=now
        )
    )


def _finish(job: ImportJob, outcome: Outcome, *, unmasked: bool) -> None:
    problems, samples = [], []
    for number, cells_read, errors in outcome.bad_row_list(unmasked=unmasked):
        problems += [[error.row, error.column, error.value, error.message] for error in errors]
        samples.append([number, *(cells.text(cell) for cell in cells_read)])
        if len(problems) >= PROBLEMS_SHOWN:
            break
    has_report = not outcome.ok
    if has_report:
        path = report_path(job)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            write_report(outcome, stream, unmasked=unmasked)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE,
        rows_checked=outcome.rows,
        counts=outcome.counts,
        bad_rows=outcome.bad_rows,
        written=outcome.written,
        file_error=outcome.file_error,
        problems=problems[:PROBLEMS_SHOWN],
        header=outcome.header,
        bad_row_samples=samples,
        has_report=has_report,
        finished_at=now,
        updated_at=now,
    )


def _progress(job_id: int) -> Progress:
    """The engine's progress, written to the job row (at most once a second while checking)."""

    def report(phase: str, rows: int) -> None:
        state = ImportJob.State.WRITING if phase == "writing" else ImportJob.State.CHECKING
        ImportJob.objects.filter(pk=job_id).update(
            state=state, rows_checked=rows, updated_at=timezone.now()
        )

    return throttled(report, PROGRESS_SECONDS)
