"""`make faulttest`: Gonghui killed during an import, and its PostgreSQL restarted under load.

1. kill -9 during an import. The production server (scripts/serve.sh: gunicorn and the task
   worker) on a scratch SQLite database with the demo city; a cadre uploads a roster of tens
   of thousands of new members through the import page; when the job is writing, every
   process of the server is killed with SIGKILL. Then: not one member of the file exists,
   the server starts again, the same file is uploaded again, the killed job is marked failed
   (audited) and the new one imports every row.
2. PostgreSQL restarted under load. A private PostgreSQL cluster (initdb in /tmp, its own
   port; the machine's server is never touched) holds the demo city; clients hammer the
   server; the cluster is stopped, then started again. While it is down every request must
   answer 503 quickly; after, requests succeed again without a restart of Gonghui. Reported:
   time to the first 503, the slowest 503, 5xx other than 503 (must be none), time to
   recovery.

    uv run python scripts/faulttest.py [--only import|postgres] [--rows 40000] [--clients 10]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import django
from loadtest import (
    ROOT,
    SERVE,
    Account,
    Browser,
    LoadTestError,
    Recorder,
    Server,
    fresh_directory,
    prepare,
    production_env,
    run_clients,
    say,
)

JOB_SECONDS = 600
POLL_SECONDS = 0.05
# A 503 must come fast: PostgreSQL's connect timeout (GONGHUI_DB_CONNECT_TIMEOUT, 3 s) and a
# little more.
FAST_SECONDS = 5.0
LOADED_SECONDS = 5  # load before PostgreSQL stops
NAME_MARK = "压测"  # every member of the generated roster has a name starting with it


# --- 1. kill -9 during an import --------------------------------------------------------------


def roster(rows: int, credit_code: str) -> bytes:
    """A members file of `rows` new people (valid, distinct ID numbers) of one employer."""
    from gonghui.core.ids import id_check_character

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "身份证号", "手机号", "统一社会信用代码", "入会日期"])
    first = dt.date(1960, 1, 1)
    for number in range(rows):
        birth = first + dt.timedelta(days=number // 900)
        first17 = f"990001{birth:%Y%m%d}{100 + number % 900:03d}"
        name = NAME_MARK + "甲乙丙丁戊己庚辛壬癸"[number % 10]
        writer.writerow([name, first17 + id_check_character(first17), "", credit_code,
                         "2020-01-01"])  # fmt: skip
    return out.getvalue().encode()


def upload(browser: Browser, data: bytes) -> int:
    """Upload the roster through the import page; the id of the job it queued."""
    browser.get("import page", "/imports/")
    fields = {"kind": "members"}
    status = browser.post_form("upload", "/imports/", fields, {"file": ("roster.csv", data)})
    if status != 302:
        raise LoadTestError(f"the upload answered {status}")
    return int(browser.location.rstrip("/").rsplit("/", 1)[-1])


def wait_for(job_id: int, states: tuple[str, ...]) -> str:
    from gonghui.imports.models import ImportJob

    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        state = ImportJob.objects.filter(pk=job_id).values_list("state", flat=True).get()
        if state in states:
            return state
        time.sleep(POLL_SECONDS)
    raise LoadTestError(f"job {job_id} did not reach {states} in {JOB_SECONDS} s")


def imported_members() -> int:
    from gonghui.members.models import Member

    return Member.objects.filter(name__startswith=NAME_MARK).count()


def kill_during_import(rows: int, data_dir: Path, serve: Path) -> list[str]:
    """Part 1; returns the failed checks."""
    env = production_env(data_dir, None)
    say(f"[import] preparing {data_dir}…")
    [account] = prepare(env, 1)
    os.environ.update(env)  # this process reads the same database, through the ORM
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    django.setup()
    from gonghui.core.models import AuditEntry
    from gonghui.employers.models import Employer
    from gonghui.imports.models import ImportJob

    data = roster(rows, Employer.objects.order_by("id").values_list("credit_code", flat=True)[0])
    server = Server(env, data_dir / "server.log", serve)
    problems = []
    try:
        server.start()
        browser = signed_in(server, account)
        killed = upload(browser, data)
        say(f"[import] job {killed}: {rows} rows uploaded; killing the server when it writes…")
        wait_for(killed, ("writing", "done", "failed"))
        time.sleep(0.5)  # into the write transaction
        server.kill(signal.SIGKILL)
        server.process.wait()
        job = ImportJob.objects.get(pk=killed)
        say(f"[import] kill -9 with the job {job.state}, {job.rows_checked} rows checked")
        if job.state != "writing":
            problems.append(f"the job was {job.state} when killed, not writing: use more --rows")
        left = imported_members()
        say(f"[import] members of the file in the database after the kill: {left}")
        if left:
            problems.append(f"{left} members of the killed import were written")
        browser.close()
        server = Server(env, data_dir / "server.log", serve)
        server.start()
        browser = signed_in(server, account)
        again = upload(browser, data)
        recovered = ImportJob.objects.get(pk=killed)
        say(f"[import] after the restart the killed job is {recovered.state}: "
            f"{recovered.file_error}")  # fmt: skip
        if recovered.state != "failed":
            problems.append(f"the killed job is still {recovered.state}")
        if not AuditEntry.objects.filter(action="import.interrupted", object_id=str(killed)):
            problems.append("the interrupted job is not on the audit trail")
        started = time.monotonic()
        wait_for(again, ("done", "failed"))
        job = ImportJob.objects.get(pk=again)
        say(f"[import] the same file again: job {again} {job.state} in "
            f"{time.monotonic() - started:.0f} s, {job.counts}, written={job.written}")  # fmt: skip
        if not job.written or imported_members() != rows:
            problems.append(f"the second import wrote {imported_members()} of {rows} members")
    finally:
        server.stop()
    return problems


def signed_in(server: Server, account: Account) -> Browser:
    browser = Browser(server)
    browser.sign_in(account)
    return browser


# --- 2. PostgreSQL restarted under load -------------------------------------------------------


class Cluster:
    """A private PostgreSQL cluster, run as the postgres user when we are root."""

    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
        )
        if not versions:
            raise LoadTestError("no PostgreSQL binaries in /usr/lib/postgresql/*/bin")
        self.bin = versions[-1]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/gonghui_fault"

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.directory)  # noqa: S603

    def create(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.run("initdb", "-D", str(self.directory / "data"), "-U", "postgres", "-A", "trust",
                 "--no-sync")  # fmt: skip
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                 "gonghui_fault")  # fmt: skip

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.directory} -c fsync=off")  # fmt: skip
        self.run("pg_ctl", "-D", str(self.directory / "data"), "-l",
                 str(self.directory / "postgres.log"), "-o", options, "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")


def restart_under_load(options: argparse.Namespace, data_dir: Path) -> list[str]:
    """Part 2; returns the failed checks."""
    clients, seconds, down, serve = options.clients, options.seconds, options.down, options.serve
    port = options.pg_port
    cluster = Cluster(Path(tempfile.gettempdir()) / "gonghui-faulttest-pg", port)
    say(f"[postgres] private cluster on 127.0.0.1:{port} in {cluster.directory}…")
    cluster.create()
    env = production_env(data_dir, cluster.url)
    server = Server(env, data_dir / "server.log", serve)
    recorder = Recorder()
    try:
        say(f"[postgres] preparing the demo city in {cluster.url}…")
        accounts = prepare(env, clients)
        server.start()
        marks: dict[str, float] = {}

        def outage() -> None:
            # The clients sign in first (the second step included), then load for a while.
            while sum(recorder.statuses["signed in?"].values()) < clients:
                time.sleep(0.1)
            time.sleep(LOADED_SECONDS)
            marks["stop"] = time.monotonic()
            cluster.stop()
            marks["stopped"] = time.monotonic()
            time.sleep(down)
            cluster.start()
            marks["started"] = time.monotonic()

        say(f"[postgres] {clients} clients for {seconds} s; PostgreSQL down for {down} s…")
        fault = threading.Thread(target=outage)
        fault.start()
        failures = run_clients(server, accounts, seconds, recorder)
        fault.join()
        alive = server.process is not None and server.process.poll() is None
    finally:
        server.stop()
        cluster.stop()
    say(recorder.table())
    return [*failures, *outage_report(recorder, marks, alive=alive)]


def outage_report(recorder: Recorder, marks: dict[str, float], *, alive: bool) -> list[str]:
    """Print the outage's figures; the failed checks."""
    answers = sorted(recorder.answers)
    unavailable = [(end, took) for end, status, took in answers if status == 503]
    others = [status for _end, status, _took in answers if status not in (200, 302, 503)]
    after = [end for end, status, _took in answers if end > marks["started"] and status == 200]
    last_503 = max((end for end, _took in unavailable), default=0.0)
    problems = []
    if not unavailable:
        problems.append("no request answered 503 while PostgreSQL was down")
    else:
        first = unavailable[0][0] - marks["stop"]
        slowest = max(took for _end, took in unavailable)
        say(f"[postgres] first 503 {first:.2f} s after the stop began; {len(unavailable)} "
            f"answers 503, the slowest in {slowest * 1000:.0f} ms")  # fmt: skip
        if slowest > FAST_SECONDS:
            problems.append(f"a 503 took {slowest:.1f} s, more than {FAST_SECONDS} s")
    say(f"[postgres] 5xx other than 503, or no answer: {len(others)} {sorted(map(str, others))}")
    if others:
        problems.append(f"{len(others)} answers were neither 200/302 nor 503")
    if not after:
        problems.append("no request succeeded after PostgreSQL was back")
    else:
        say(f"[postgres] first 200 {after[0] - marks['started']:.2f} s after PostgreSQL was "
            f"back; last 503 {max(0.0, last_503 - marks['started']):.2f} s after")  # fmt: skip
    if not alive:
        problems.append("the server stopped during the outage (serve.sh ended)")
    return problems


# --- the run ----------------------------------------------------------------------------------


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("import", "postgres"), help="run one part only")
    parser.add_argument("--rows", type=int, default=40000, help="rows of the import (40000)")
    parser.add_argument("--clients", type=int, default=10, help="clients during the restart")
    parser.add_argument("--seconds", type=int, default=60,
                        help="length of the restart run, sign-in included (60)")  # fmt: skip
    parser.add_argument("--down", type=int, default=10, help="seconds PostgreSQL stays down")
    parser.add_argument("--pg-port", type=int, default=55432, help="the private cluster's port")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "faulttest")
    parser.add_argument("--serve", type=Path, default=SERVE,
                        help="the script that starts Gonghui (scripts/serve.sh)")  # fmt: skip
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    base = options.data_dir.resolve()
    problems = []
    if options.only in (None, "postgres"):
        data_dir = fresh_directory(base / "postgres")
        problems += restart_under_load(options, data_dir)
    if options.only in (None, "import"):
        data_dir = fresh_directory(base / "import")
        problems += kill_during_import(options.rows, data_dir, options.serve)
    for problem in problems:
        say(f"FAIL: {problem}")
    say("faulttest: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except LoadTestError as error:
        sys.exit(f"faulttest: {error}")
