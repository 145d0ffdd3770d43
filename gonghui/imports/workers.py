"""Which process runs an import job, and whether that process is still alive.

A job names its worker as "host:pid" when the worker takes it. A worker killed in the middle
(`kill -9`, a crash, the machine's OOM killer) leaves its job "running" for ever; its write
transaction was rolled back by the database, so nothing of it was written. On the worker's
own machine a missing process proves it at once; a worker on another machine is judged by
the job's last progress instead (models.STALLED_AFTER).
"""

from __future__ import annotations

import os
import socket


def current_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_is_gone(worker: str) -> bool:
    """True when `worker` ran on this machine and its process no longer exists."""
    host, _colon, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's worker, or none yet: the progress lease decides
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False
