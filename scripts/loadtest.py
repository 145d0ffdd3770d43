"""`make loadtest`: the production server under a bounded load, one signed-in user per client.

Starts Gonghui as `make run` does (scripts/serve.sh: gunicorn and the background worker)
with production settings, on 127.0.0.1 and a free port, on a fresh database holding the demo
city (SQLite in var/loadtest/, or the empty database of `--database-url`). The demo accounts
are refused under production settings, so the run makes its own accounts, one per client.
Each client signs in (CSRF token; the second step sets up its authenticator app), then
cycles over the lists, a search, the dashboard and the overview for the given time. The
table gives each endpoint's count, status codes and latency percentiles; the run fails on any
5xx, connection error or unexpected status.

    uv run python scripts/loadtest.py --clients 50 --seconds 60

The server believes it is behind a TLS proxy (GONGHUI_BEHIND_TLS_PROXY, `X-Forwarded-Proto:
https` on every request), as in production. The sign-in rate per address is raised for the
run: every client comes from 127.0.0.1. Only the standard library: the clients are threads.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from gonghui.accounts import totp

ROOT = Path(__file__).resolve().parent.parent
UV = os.environ.get("UV", "uv")
SERVE = ROOT / "scripts" / "serve.sh"
HOST = "127.0.0.1"
READY_SECONDS = 180
REQUEST_TIMEOUT = 30.0
BACK_OFF_SECONDS = 0.2
# What each client cycles over, in order: (label, path). Search is the member list's box.
PAGES = (
    ("overview", "/"),
    ("members", "/members/"),
    ("employers", "/employers/"),
    ("unions", "/unions/"),
    ("cases", "/cases/"),
    ("search", "/members/?" + urlencode({"q": "王"})),
    ("dashboard", "/kpi/"),
)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE_INPUT = re.compile(r'<input[^>]*name="code"')
SECRET_SHOWN = re.compile(r'data-testid="totp-secret">([A-Z2-7 ]+)<')


class LoadTestError(Exception):
    """The run could not be set up or a client could not sign in."""


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    """The environment of a production start with its own data directory and database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GONGHUI_")}
    env.pop("DATABASE_URL", None)
    env |= {
        "GONGHUI_ENV": "production",
        "GONGHUI_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGHUI_ALLOWED_HOSTS": HOST,
        "GONGHUI_BEHIND_TLS_PROXY": "1",
        "GONGHUI_LOGIN_RATE": "100000",  # every client signs in from 127.0.0.1
        "GONGHUI_LOG_LEVEL": "WARNING",
        "UV": UV,
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def gonghui(env: dict[str, str], *args: str) -> str:
    """Run a `gonghui` command with `env`; its output, or LoadTestError with its errors."""
    done = subprocess.run(  # noqa: S603 - our own command line
        [UV, "run", "--frozen", "gonghui", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise LoadTestError(f"gonghui {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Account:
    """A user of the run; the key of its authenticator app once the sign-in has set one up."""

    username: str
    password: str
    totp_secret: str = ""
    last_step: int = 0

    def next_code(self) -> str:
        """The code of the first time step not used yet: each step's code is accepted once,
        and the next step's is accepted already (the window allows a clock one step ahead)."""
        step = max(totp.step_at(), self.last_step + 1)
        while step > totp.step_at() + totp.WINDOW:
            time.sleep(1)
        self.last_step = step
        return totp.code(self.totp_secret, at=step * totp.STEP_SECONDS)


# Run in `gonghui shell`: one city cadre per name, not demo accounts (refused in production).
MAKE_ACCOUNTS = """
from django.contrib.auth.hashers import make_password
from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Union
names, password = {names!r}, {password!r}
city = Union.objects.filter(parent=None).order_by("path").first()
User.objects.bulk_create(
    [User(username=name, role=Role.CITY, org=city, is_demo=False) for name in names],
    ignore_conflicts=True,
)
User.objects.filter(username__in=names).update(password=make_password(password))
"""


def prepare(env: dict[str, str], clients: int) -> list[Account]:
    """Migrate, collect the static files, load the demo city when empty, make the accounts."""
    gonghui(env, "migrate", "--noinput")
    gonghui(env, "collectstatic", "--noinput", "--verbosity", "0")
    gonghui(env, "demo", "--scale", "small", "--if-empty")
    password = "Load-" + secrets.token_urlsafe(12) + "-7a"
    names = [f"load{number:03d}" for number in range(1, clients + 1)]
    gonghui(env, "shell", "-c", MAKE_ACCOUNTS.format(names=names, password=password))
    return [Account(name, password) for name in names]


class Server:
    """scripts/serve.sh in a session of its own: gunicorn, its workers and the task worker
    can be stopped (or killed with -9) together."""

    def __init__(self, env: dict[str, str], log: Path, script: Path = SERVE) -> None:
        self.env, self.log, self.script = env, log, script
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"https://{HOST}:{self.port}"

    def start(self) -> None:
        env = self.env | {"BIND": f"{HOST}:{self.port}"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own script
                [str(self.script)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadTestError(f"the server stopped at start; see {self.log}")
            try:
                if Browser(self).get("ready", "/accounts/login/") == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise LoadTestError(f"the server did not answer within {READY_SECONDS} s; see {self.log}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to every process of the server (serve.sh, gunicorn, the task worker)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.kill()  # serve.sh has ended: its children may not have
            return
        self.kill(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        self.kill()
        self.process.wait()


# --- the clients ------------------------------------------------------------------------------


@dataclass
class Recorder:
    """Every answer by endpoint: status (or "error" for no answer) and seconds taken."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    unexpected: Counter[str] = field(default_factory=Counter)
    # (when it ended on the monotonic clock, status, seconds) of every answer, for a timeline
    answers: list[tuple[float, int | None, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, status: int | None, seconds: float, *, expected: bool) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), status, seconds))
            self.timings[label].append(seconds)
            self.statuses[label][str(status) if status else "error"] += 1
            if not expected:
                self.unexpected[label] += 1

    def count(self, predicate: Callable[[str], bool]) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if predicate(s))

    @property
    def server_errors(self) -> int:
        return self.count(lambda status: status.startswith("5"))

    @property
    def connection_errors(self) -> int:
        return self.count(lambda status: status == "error")

    def table(self) -> str:
        head = ("endpoint", "requests", "statuses", "p50 ms", "p95 ms", "p99 ms", "max ms")
        rows = [head]
        everything: list[float] = []
        for label in sorted(self.timings):
            times = sorted(self.timings[label])
            everything += times
            statuses = " ".join(f"{s}×{n}" for s, n in sorted(self.statuses[label].items()))
            rows.append((label, str(len(times)), statuses, *milliseconds(times)))
        everything.sort()
        rows.append(("all", str(len(everything)), "", *milliseconds(everything)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                 for row in rows]  # fmt: skip
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of a sorted list."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def milliseconds(ordered: list[float]) -> tuple[str, str, str, str]:
    values = [percentile(ordered, share) for share in (0.5, 0.95, 0.99)]
    values.append(ordered[-1] if ordered else 0.0)
    return tuple(f"{value * 1000:.0f}" for value in values)  # type: ignore[return-value]


class Browser:
    """One user's keep-alive connection, cookie jar and CSRF token, as a browser behind the
    TLS proxy would send them."""

    def __init__(self, server: Server, recorder: Recorder | None = None) -> None:
        self.server, self.recorder = server, recorder or Recorder()
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.body = ""
        self.location = ""

    def request(self, label: str, method: str, path: str, form: dict[str, str] | None = None,
                *, expected: tuple[int, ...] = (200,),
                files: dict[str, tuple[str, bytes]] | None = None) -> int | None:  # fmt: skip
        """Send one request; its status (None when no answer came), recorded under `label`."""
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": self.server.base + path,
            "Accept-Language": "zh-hans",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if form is not None:
            data, content_type = encode_form(form, files or {})
            headers |= {"Content-Type": content_type, "Origin": self.server.base}
        started = time.perf_counter()
        status = None
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    HOST, self.server.port, timeout=REQUEST_TIMEOUT
                )
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            self.body = response.read().decode("utf-8", "replace")
            status = response.status
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            self.location = response.headers.get("Location", "")
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
        self.recorder.add(label, status, time.perf_counter() - started,
                          expected=status in expected)  # fmt: skip
        return status

    def get(self, label: str, path: str, *, expected: tuple[int, ...] = (200,)) -> int | None:
        return self.request(label, "GET", path, expected=expected)

    def sign_in(self, account: Account) -> None:
        """The sign-in page and its form, then the second step: a new user meets the page
        setting up an authenticator app, whose key gives the codes from then on."""
        self.get("sign-in page", "/accounts/login/")
        form = {"username": account.username, "password": account.password}
        status, path = self.post_form("sign-in", "/accounts/login/", form), "/"
        for _hop in range(5):  # the second step's pages redirect to one another
            if status != 302:
                break
            path = urlsplit(self.location).path or "/"
            status = self.get("sign-in step", path, expected=(200, 302))
        if CODE_INPUT.search(self.body):
            if shown := SECRET_SHOWN.search(self.body):
                account.totp_secret, account.last_step = shown.group(1).replace(" ", ""), 0
            if not account.totp_secret:
                raise LoadTestError(f"{account.username}: a code is asked, no key is known")
            self.post_form("second factor", path, {"code": account.next_code()})
        if self.get("signed in?", "/") != 200:
            raise LoadTestError(f"{account.username} could not sign in")

    def post_form(self, label: str, path: str, form: dict[str, str],
                  files: dict[str, tuple[str, bytes]] | None = None) -> int | None:  # fmt: skip
        """POST `form` (and `files`: name → (filename, bytes)) with the CSRF token of the page
        last read (the form's own page)."""
        token = CSRF_INPUT.search(self.body)
        form = {"csrfmiddlewaretoken": token.group(1) if token else ""} | form
        return self.request(label, "POST", path, form, expected=(302,), files=files)

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def encode_form(form: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """The body and content type of a form: urlencoded, or multipart when it has files."""
    if not files:
        return urlencode(form).encode(), "application/x-www-form-urlencoded"
    boundary = secrets.token_hex(16)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in form.items()]  # fmt: skip
    for name, (filename, content) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n')  # fmt: skip
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def cycle(browser: Browser, until: float, pages: Iterator[tuple[str, str]]) -> None:
    """Ask each page in turn until `until`; a redirect (/unions/ opens the user's union) is
    followed as a browser would, and timed on its own line."""
    while time.monotonic() < until:
        label, path = next(pages)
        status = browser.get(label, path, expected=(200, 302))
        if status == 302:
            browser.get(f"{label} →", urlsplit(browser.location).path)
        elif status == 503:
            time.sleep(BACK_OFF_SECONDS)  # a client told to come back later waits a little


def endless(pages: tuple[tuple[str, str], ...], start: int) -> Iterator[tuple[str, str]]:
    """The pages in order from `start`, for ever: the clients do not all ask the same page."""
    index = start
    while True:
        yield pages[index % len(pages)]
        index += 1


def run_clients(server: Server, accounts: list[Account], seconds: float,
                recorder: Recorder) -> list[str]:  # fmt: skip
    """Each account signs in on its own thread, then cycles over PAGES until the time is up.
    Returns the sign-in failures."""
    failures: list[str] = []
    until = time.monotonic() + seconds

    def client(number: int, account: Account) -> None:
        browser = Browser(server, recorder)
        try:
            browser.sign_in(account)
        except LoadTestError as error:
            failures.append(str(error))
            return
        try:
            cycle(browser, until, endless(PAGES, number))
        finally:
            browser.close()

    threads = [threading.Thread(target=client, args=(n, a), daemon=True)
               for n, a in enumerate(accounts)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


# --- the run ----------------------------------------------------------------------------------


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=positive, default=50, help="concurrent users (50)")
    parser.add_argument("--seconds", type=positive, default=60, help="duration of the load (60)")
    parser.add_argument("--database-url", help="an empty database (default: SQLite)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "loadtest",
                        help="emptied first (var/loadtest)")  # fmt: skip
    parser.add_argument("--serve", type=Path, default=SERVE,
                        help="the script that starts Gonghui (scripts/serve.sh)")  # fmt: skip
    return parser.parse_args(argv)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def verdict(recorder: Recorder, failures: list[str]) -> list[str]:
    """What makes the run fail, in words; empty when it passed."""
    problems = [*failures]
    if recorder.server_errors:
        problems.append(f"{recorder.server_errors} answers were 5xx")
    if recorder.connection_errors:
        problems.append(f"{recorder.connection_errors} requests got no answer")
    for label, count in sorted(recorder.unexpected.items()):
        problems.append(f"{label}: {count} unexpected statuses")
    return problems


def say(text: str) -> None:
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def fresh_directory(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    data_dir = fresh_directory(options.data_dir.resolve())
    env = production_env(data_dir, options.database_url)
    say(f"Preparing {data_dir} (migrate, demo city, {options.clients} accounts)…")
    accounts = prepare(env, options.clients)
    server = Server(env, data_dir / "server.log", options.serve)
    recorder = Recorder()
    try:
        server.start()
        say(f"{options.clients} clients for {options.seconds} s on {server.base}…")
        started = time.monotonic()
        failures = run_clients(server, accounts, options.seconds, recorder)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    say(recorder.table())
    total = sum(len(times) for times in recorder.timings.values())
    say(f"{total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s); log: {server.log}")
    problems = verdict(recorder, failures)
    for problem in problems:
        say(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except LoadTestError as error:
        sys.exit(f"loadtest: {error}")
