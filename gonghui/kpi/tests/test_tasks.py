"""The nightly count: books itself once, keeps today's figures, thins out old snapshots."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gonghui.conftest import World
from gonghui.kpi import store, tasks
from gonghui.kpi.figures import Board
from gonghui.kpi.models import NodeTally, TallySet
from gonghui.kpi.trends import trend_lines


def test_the_nightly_count_is_booked_once_for_the_coming_night(world: World) -> None:
    assert tasks.schedule_nightly()
    assert not tasks.schedule_nightly()

    waiting = DBTaskResult.objects.get(
        status=TaskResultStatus.READY, task_path=tasks.nightly_count.module_path
    )
    run_after = timezone.localtime(waiting.run_after)
    assert run_after.time() == tasks.NIGHTLY_AT
    assert timezone.localtime() < run_after <= timezone.localtime() + dt.timedelta(days=1)


def test_the_nightly_count_keeps_today_and_thins_old_grassroots_rows(world: World) -> None:
    today = timezone.localdate()
    mid_month = today.replace(day=15) if today.day != 15 else today.replace(day=14)
    past = mid_month - dt.timedelta(days=62)
    first_of_month = past.replace(day=1)
    store.keep(past)
    store.keep(first_of_month)
    grassroots = world.a.grassroots.pk

    tasks.nightly_count.call()

    assert TallySet.objects.filter(day=today).exists()
    assert not NodeTally.objects.filter(tally_set__day=past, node_id=grassroots).exists()
    assert NodeTally.objects.filter(tally_set__day=past, node_id=world.a.federation.pk).exists()
    assert NodeTally.objects.filter(tally_set__day=first_of_month, node_id=grassroots).exists()
    booked = DBTaskResult.objects.filter(task_path=tasks.nightly_count.module_path)
    assert booked.filter(status=TaskResultStatus.READY).exists()


def test_a_grassroots_trend_is_monthly_once_old_days_are_thinned(world: World) -> None:
    today = timezone.localdate()
    first_of_month = today.replace(day=1) - dt.timedelta(days=40)
    first_of_month = first_of_month.replace(day=1)
    mid_month = first_of_month + dt.timedelta(days=14)
    for day in (first_of_month, mid_month):
        store.keep(day)
    tasks.nightly_count.call()
    grassroots = world.a.grassroots
    figures = Board({grassroots.pk: grassroots.path}).figures(grassroots.pk)

    lines = trend_lines(node=grassroots, figures=figures, day=today)

    days = [point.day for point in lines["members"]]
    assert mid_month not in days  # thinned out: not a point of zero members
    if first_of_month.year == today.year:
        assert first_of_month in days
    assert days[-1] == today
