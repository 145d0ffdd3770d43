"""A worker killed in the middle of an import (kill -9) leaves its job "running": the job is
marked failed and audited, its upload deleted, and the file can be imported again."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry
from gonghui.imports import services
from gonghui.imports.models import ImportJob
from gonghui.imports.tests.test_views import cadre, roster, upload, work  # noqa: F401
from gonghui.imports.workers import current_worker
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db

HOUR_AGO = dt.timedelta(hours=1)


def dead_worker() -> str:
    """A worker of this machine whose process has ended."""
    process = subprocess.Popen(["true"])  # noqa: S607 - a process that ends at once
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def taken(job: ImportJob, *, worker: str, state: str = ImportJob.State.WRITING,
          ago: dt.timedelta = dt.timedelta(0)) -> None:  # fmt: skip
    """The job as its worker left it: taken, in `state`, last progress `ago`."""
    ImportJob.objects.filter(pk=job.pk).update(
        state=state, worker=worker, updated_at=timezone.now() - ago, language="en"
    )


@pytest.fixture
def job(world: World, cadre: Client) -> ImportJob:  # noqa: F811
    queued = upload(cadre, roster(world, resident_id("320302", "19900101", 123)))
    assert queued is not None
    return queued


def test_a_job_whose_worker_process_is_gone_is_failed_audited_and_its_file_deleted(
    job: ImportJob,
) -> None:
    taken(job, worker=dead_worker())
    assert services.jobs_recover_interrupted() == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and not job.written
    assert "interrupted" in job.file_error and job.finished_at is not None
    entry = AuditEntry.objects.get(action="import.interrupted", object_id=str(job.pk))
    assert entry.detail["state"] == "writing"
    assert not (services.uploads_dir() / job.stored_name).exists()
    assert services.jobs_recover_interrupted() == 0  # once only


def test_a_new_upload_recovers_the_interrupted_job_and_the_file_imports_again(
    world: World,
    cadre: Client,  # noqa: F811
    job: ImportJob,
) -> None:
    taken(job, worker=dead_worker(), state=ImportJob.State.CHECKING)
    again = work(upload(cadre, roster(world, resident_id("320302", "19900101", 123))))
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.FAILED
    assert again.state == ImportJob.State.DONE and again.written
    assert again.worker == current_worker()
    assert Member.objects.filter(name__in=["陈一", "林二"]).count() == 2


def test_a_job_whose_worker_is_alive_is_left_running(job: ImportJob) -> None:
    taken(job, worker=current_worker())
    assert services.jobs_recover_interrupted() == 0
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.WRITING


def test_another_machines_job_is_recovered_only_once_its_progress_is_overdue(
    job: ImportJob,
) -> None:
    taken(job, worker="another-machine:4242")
    assert services.jobs_recover_interrupted() == 0
    taken(job, worker="another-machine:4242", ago=HOUR_AGO)
    assert services.jobs_recover_interrupted() == 1


def test_a_queued_job_waits_for_a_worker_however_long(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - HOUR_AGO)
    call_command("recover_imports")
    assert work(job).state == ImportJob.State.DONE


def test_a_job_is_run_once_when_its_task_is_delivered_twice(job: ImportJob) -> None:
    work(job)
    Member.objects.filter(name="陈一").delete()
    assert work(job).written and not Member.objects.filter(name="陈一").exists()


def test_the_command_recovers_what_a_killed_worker_left(job: ImportJob) -> None:
    taken(job, worker=dead_worker())
    call_command("recover_imports")
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.FAILED
