"""Signing in through the real form in headless Chromium, with two-step sign-in too."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gonghui.accounts import totp
from gonghui.conftest import PASSWORD, World
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signing_in_shows_the_overview_of_the_users_union(
    page: Page, live_server: object, world: World
) -> None:
    page.goto(f"{live_server}/members/")
    assert page.url == f"{live_server}/accounts/login/?next=/members/"
    page.goto(f"{live_server}/accounts/login/")
    page.get_by_role("textbox", name="用户名").fill("district")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.login [type=submit]").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.a.federation.name)
    expect(page.get_by_test_id("members")).to_have_text("1")


def test_a_wrong_password_shows_the_error_and_stays_on_the_sign_in_page(
    page: Page, live_server: object, world: World
) -> None:
    page.goto(f"{live_server}/accounts/login/")
    page.locator("input[name=username]").fill("district")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("form.login [type=submit]").click()

    expect(page.locator("form.login [role=alert]")).to_be_visible()
    expect(page).to_have_url(f"{live_server}/accounts/login/")
    expect(page.locator("input[name=username]")).to_have_value("district")
    page.goto(f"{live_server}/members/")
    assert "/accounts/login/" in page.url


def test_setting_up_an_app_then_signing_in_with_its_code(
    page: Page, live_server: object, world: World, settings: Any
) -> None:
    settings.GONGHUI_TOTP_REQUIRED = True
    login(page, live_server, "district", PASSWORD, path="/accounts/login/?next=/members/")
    expect(page).to_have_url(f"{live_server}/accounts/two-step/")
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.locator("input[name=code]").fill(totp.code(secret))
    page.locator("form.login [type=submit]").click()
    expect(page).to_have_url(f"{live_server}/members/")

    page.context.clear_cookies()
    login(page, live_server, "district", PASSWORD)
    expect(page).to_have_url(f"{live_server}/accounts/login/code/")
    page.goto(f"{live_server}/members/")  # the password alone opens nothing
    assert "/accounts/login/" in page.url
    login(page, live_server, "district", PASSWORD)
    page.locator("input[name=code]").fill(totp.code(secret, at=time.time() + totp.STEP_SECONDS))
    page.locator("form.login [type=submit]").click()
    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.a.federation.name)
