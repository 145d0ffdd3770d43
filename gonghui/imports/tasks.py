"""The background task behind every web import (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from gonghui.imports import services


@task()
def run_job(job_id: int) -> None:
    services.job_run(job_id)
