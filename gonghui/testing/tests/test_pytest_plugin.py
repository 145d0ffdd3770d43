"""The pytest plugin keeps every test run's files away from the developer's ./var."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings


def test_it_gives_the_run_its_own_data_directory() -> None:
    assert settings.DATA_DIR != settings.BASE_DIR / "var"
    assert settings.DATA_DIR.is_relative_to(Path(tempfile.gettempdir()).resolve())
    assert settings.DATA_DIR.name.startswith("gonghui-test-")


def test_it_serves_static_files_by_their_plain_names() -> None:
    from django.templatetags.static import static

    assert static("vendor/htmx.min.js") == "/static/vendor/htmx.min.js"
