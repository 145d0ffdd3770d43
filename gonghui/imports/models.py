"""Import jobs: one uploaded file on its way through the engine, visible while it runs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeField
from gonghui.core.scope import Scope, ScopedModel
from gonghui.imports.engine import REGISTRY
from gonghui.imports.workers import worker_is_gone

# A running job that has not reported for this long was stopped (its worker died); its
# transaction was rolled back, so nothing of it was written. A worker on this machine whose
# process is gone stopped it at once (workers.py).
STALLED_AFTER = dt.timedelta(minutes=10)


class ImportJob(ScopedModel):
    """An upload, checked (dry run) or imported by a background task.

    The job row is the state the progress page shows, so the page survives a reload and the
    browser may close; the worker updates it as it goes.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking rows")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped by an error")

    RUNNING = (State.QUEUED, State.CHECKING, State.WRITING)
    url_kwarg = "job_id"

    kind = models.CharField(_("kind"), max_length=20)
    filename = models.CharField(_("file"), max_length=200)
    stored_name = models.CharField(_("stored file"), max_length=100, editable=False)
    dry_run = models.BooleanField(_("check only"), default=False)
    # The uploader's language: the worker writes the problems in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The uploader's node in the union tree: who may follow the job (see scope_filter).
    scope_path = CodeField(_("tree path"), max_length=255)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    # "host:pid" of the worker process that took the job (workers.py); empty while queued.
    worker = models.CharField(_("worker"), max_length=100, blank=True, editable=False)
    rows_expected = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    counts = models.JSONField(_("rows by outcome"), default=dict)
    bad_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    written = models.BooleanField(_("written"), default=False)
    file_error = models.TextField(_("problem with the file"), blank=True)
    # The first problems, for the page; the report holds them all.
    problems = models.JSONField(_("problems"), default=list)
    # The file's header and its first bad rows as read (行号 first), to correct them by.
    header = models.JSONField(_("header"), default=list)
    bad_row_samples = models.JSONField(_("rows to correct"), default=list)
    has_report = models.BooleanField(_("has a report"), default=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last progress at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "created_at"], name="import_scope_created")]

    def __str__(self) -> str:
        return self.filename

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return scope.union_q("scope_path")

    @property
    def kind_label(self) -> str:
        importer = REGISTRY.get(self.kind)
        return str(importer.label) if importer else self.kind

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING and not self.is_stalled

    @property
    def is_stalled(self) -> bool:
        if self.state not in self.RUNNING:
            return False
        return timezone.now() - self.updated_at > STALLED_AFTER or worker_is_gone(self.worker)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_expected:
            return 0
        return min(99, self.rows_checked * 100 // self.rows_expected)

    @property
    def ok(self) -> bool:
        return self.state == self.State.DONE and not self.bad_rows and not self.file_error
