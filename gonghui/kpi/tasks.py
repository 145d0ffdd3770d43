"""The nightly count: today's tallies counted afresh from the records (settling any drift),
kept as the day's snapshot for trend lines; then the task books itself for the next night."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from gonghui.kpi import services

NIGHTLY_AT = dt.time(0, 30)


@task()
def nightly_count() -> str:
    day = services.nightly_count()
    schedule_nightly()
    return day.isoformat()


def schedule_nightly() -> bool:
    """Book the next nightly count unless one is already waiting; True when booked."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=nightly_count.module_path
    )
    if waiting.exists():
        return False
    now = timezone.localtime()
    run_at = timezone.make_aware(dt.datetime.combine(now.date(), NIGHTLY_AT))
    if run_at <= now:
        run_at += dt.timedelta(days=1)
    nightly_count.using(run_after=run_at).enqueue()
    return True
