"""Headless Chromium for browser tests, driven by Playwright's sync API.

The browser is Debian's `chromium` package, installed by `make setup`; Playwright never
downloads one of its own. The fixtures that use this module are in the root conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# A browser test waits at most this long for one step; a page that takes longer is a bug.
DEFAULT_TIMEOUT_MS = 10_000
DESKTOP_VIEWPORT = {"width": 1366, "height": 900}
PHONE_VIEWPORT = {"width": 390, "height": 844}


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Start one headless Chromium, or fail the test with what to do about it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: browser tests need Debian's chromium. Run `make setup`.",
            pytrace=False,
        )
    # Playwright's sync API keeps an asyncio loop running in the main thread, so Django's
    # guard against ORM calls from async code would refuse every query a test makes after
    # the browser starts. The tests are synchronous; the guard is a false alarm here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def new_context(
    browser: Browser, *, viewport: dict[str, int], locale: str = "zh-CN"
) -> Iterator[BrowserContext]:
    """A fresh context (cookies, storage) for one test: no test sees another's session."""
    context = browser.new_context(
        locale=locale,
        timezone_id="Asia/Shanghai",
        viewport=viewport,  # type: ignore[arg-type]
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


def login(
    page: Page,
    live_server: object,
    username: str,
    password: str,
    *,
    path: str = "/accounts/login/",
) -> None:
    """Sign in through the real form and wait for the page that follows it."""
    page.goto(f"{live_server}{path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    form = page.locator("form:has(input[name=username])")
    with page.expect_navigation():
        form.locator("[type=submit]").click()


def save_screenshot(page: Page, folder: Path, name: str) -> Path | None:
    """Keep a picture of the page so a failed test can be looked at afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:
        return None
    return path
