"""`gonghui worker`: the background worker (django-tasks' `db_worker`, same options) that
outlives an outage of the database.

`db_worker` stops with an error when the database cannot be reached, and scripts/serve.sh
stops gunicorn with it: a PostgreSQL restart would take the whole site down. This command
waits and starts the worker again instead, so imports and the nightly counts resume by
themselves once the database is back.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class Command(db_worker.Command):
    help = "Run the background worker; when the database is away, wait for it and go on."

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                super().handle(*args, **options)
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning("database unavailable (%s); worker again in %.0f s", error,
                               RETRY_SECONDS)  # fmt: skip
                connections.close_all()
                time.sleep(RETRY_SECONDS)
