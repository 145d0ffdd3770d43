"""Sealing the audit trail in the background: the task seals what was written since its last
run, then books itself again SEAL_EVERY later (`gonghui audit seal --schedule` books the first)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from gonghui.core import chain

# Well under `gonghui audit verify`'s default limit for unsealed entries (UNSEALED_AFTER).
SEAL_EVERY = dt.timedelta(minutes=5)
UNSEALED_AFTER = dt.timedelta(minutes=30)


@task()
def seal_trail() -> int:
    sealed = chain.seal()
    schedule_sealing()
    return sealed


def schedule_sealing() -> bool:
    """Book the next seal unless one is already waiting; True when booked."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=seal_trail.module_path
    )
    if waiting.exists():
        return False
    seal_trail.using(run_after=timezone.now() + SEAL_EVERY).enqueue()
    return True
