"""The report logic of scripts/loadtest.py (`make loadtest`): percentiles, the verdict, the
arguments. The runs themselves start servers and are timed, so they are not tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings


def _script(name: str) -> ModuleType:
    path = Path(settings.BASE_DIR) / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


loadtest = _script("loadtest")


def test_percentiles_are_nearest_rank() -> None:
    ordered = [float(n) for n in range(1, 101)]
    assert loadtest.percentile(ordered, 0.5) == 50.0
    assert loadtest.percentile(ordered, 0.99) == 99.0
    assert loadtest.percentile([0.25], 0.99) == 0.25
    assert loadtest.percentile([], 0.99) == 0.0


def test_the_run_fails_on_a_5xx_a_missing_answer_or_an_unexpected_status() -> None:
    recorder = loadtest.Recorder()
    recorder.add("members", 200, 0.1, expected=True)
    assert loadtest.verdict(recorder, []) == []
    recorder.add("members", 500, 0.1, expected=False)
    recorder.add("kpi", None, 30.0, expected=False)
    recorder.add("cases", 403, 0.1, expected=False)
    problems = loadtest.verdict(recorder, ["load001 could not sign in"])
    assert problems[0] == "load001 could not sign in"
    assert "1 answers were 5xx" in problems and "1 requests got no answer" in problems
    assert "cases: 1 unexpected statuses" in problems
    table = recorder.table()
    assert "200×1 500×1" in table and table.splitlines()[-1].startswith("all")


def test_the_arguments_default_to_50_clients_for_60_seconds_and_refuse_zero() -> None:
    options = loadtest.arguments([])
    assert (options.clients, options.seconds, options.database_url) == (50, 60, None)
    assert loadtest.arguments(["--clients", "10", "--seconds", "5"]).clients == 10
    with pytest.raises(SystemExit):
        loadtest.arguments(["--clients", "0"])


def test_a_form_with_a_file_is_sent_as_multipart() -> None:
    body, content_type = loadtest.encode_form({"kind": "members"}, {"file": ("a.csv", b"x,y")})
    boundary = content_type.split("boundary=")[1]
    assert body.startswith(f"--{boundary}\r\n".encode()) and b'filename="a.csv"' in body
    assert loadtest.encode_form({"a": "1 2"}, {}) == (b"a=1+2", "application/x-www-form-urlencoded")
