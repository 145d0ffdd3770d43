"""Reading import jobs, always within the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.imports.models import ImportJob

RECENT_JOBS = 20


def recent_jobs(*, user: Any) -> QuerySet[ImportJob]:
    return visible_to(ImportJob, user).select_related("actor")[:RECENT_JOBS]


def job_get(*, user: Any, job_id: object) -> ImportJob:
    return get_visible_or_404(ImportJob, user, job_id)
