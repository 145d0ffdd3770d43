"""Fixtures shared by every app's tests. Helpers live in gonghui/testing/."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import Browser, Page

from gonghui.testing import browser as harness


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_manifest(django_test_environment: None) -> Iterator[None]:
    """Serve static files by their plain names in tests.

    The manifest storage needs `collectstatic` first and answers hashed names that the
    live server's static handler cannot find; tests check pages, not the build of assets.
    """
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test gets its own context."""
    with harness.launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop-sized page in a fresh context, zh-CN, Asia/Shanghai."""
    with harness.new_context(browser, viewport=harness.DESKTOP_VIEWPORT) as context:
        new_page = context.new_page()
        yield new_page
        _keep_screenshot_of_failure(request, new_page)


@pytest.fixture
def phone_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone-sized page (390x844) in a fresh context: grassroots cadres work on phones."""
    with harness.new_context(browser, viewport=harness.PHONE_VIEWPORT) as context:
        new_page = context.new_page()
        yield new_page
        _keep_screenshot_of_failure(request, new_page)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Remember each phase's report on the test item, so fixtures can tell a failed test.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _keep_screenshot_of_failure(request: pytest.FixtureRequest, page: Page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
    path = harness.save_screenshot(page, request.config.rootpath / "test-results", name)
    if path is not None:
        print(f"\nscreenshot of the failed page: {path}")  # noqa: T201
