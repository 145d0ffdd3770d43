"""`gonghui worker` waits out a database outage instead of stopping (and taking gunicorn down
with it in scripts/serve.sh)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

from gonghui.core.management.commands import worker


def test_it_starts_the_worker_again_after_the_database_was_away() -> None:
    outage = [OperationalError("connection refused"), InterfaceError("connection closed"), None]
    with (
        mock.patch.object(db_worker.Command, "handle", side_effect=outage) as handle,
        mock.patch.object(worker.time, "sleep") as sleep,
    ):
        call_command("worker", "--batch")
    assert handle.call_count == 3 and sleep.call_count == 2


def test_other_errors_still_stop_it() -> None:
    with (
        mock.patch.object(db_worker.Command, "handle", side_effect=ValueError("a bug")),
        pytest.raises(ValueError, match="a bug"),
    ):
        call_command("worker", "--batch")
