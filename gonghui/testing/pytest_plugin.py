"""Loaded with `-p gonghui.testing.pytest_plugin` (see pyproject), before Django's settings.

pytest-django imports the settings module in its `pytest_load_initial_conftests` hook, which
runs *before* any conftest.py is imported, so environment set in conftest.py is too late.
A plugin named with `-p` is imported earlier still, which is why this module exists.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

# Every test run gets its own data directory: the generated keys, the SQLite file and any
# uploads land there and never in ./var, where a developer's demo data lives.
_DATA_DIR = tempfile.mkdtemp(prefix="gonghui-test-")
os.environ["GONGHUI_DATA_DIR"] = _DATA_DIR
# WhiteNoise warns at start-up when STATIC_ROOT is missing; tests serve through the finders.
(Path(_DATA_DIR) / "static").mkdir()


def pytest_report_header() -> list[str]:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"gonghui: database {engine}, data dir {_DATA_DIR}"]


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_DATA_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A request made in a test activates its language in the thread and leaves it there;
    the next test starts again from the default language, as a fresh request would."""
    yield
    translation.deactivate()
