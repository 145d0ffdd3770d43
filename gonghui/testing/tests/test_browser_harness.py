"""The browser harness itself: a real Chromium loads pages from the live server.

These use Django's admin sign-in page, which needs no app of ours, so they test the harness
and nothing else. They fail, never skip, when Chromium cannot start.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page

from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_renders_a_page_in_chinese(page: Page, live_server: object) -> None:
    response = page.goto(f"{live_server}/admin/login/")

    assert response is not None
    assert response.status == 200
    assert page.evaluate("navigator.language") == "zh-CN"
    # The browser's Accept-Language reached LocaleMiddleware: Django answered in Chinese.
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert "登录" in page.title()


def test_it_gives_a_phone_sized_page(phone_page: Page, live_server: object) -> None:
    phone_page.goto(f"{live_server}/admin/login/")

    assert phone_page.evaluate("[window.innerWidth, window.innerHeight]") == [390, 844]


def test_it_serves_the_vendored_scripts(page: Page, live_server: object) -> None:
    for name in ("htmx.min.js", "echarts.min.js"):
        response = page.request.get(f"{live_server}/static/vendor/{name}")

        assert response.status == 200, f"{name} is missing: run `make setup`"
        assert "javascript" in response.headers["content-type"]


def test_it_signs_in_through_a_form(page: Page, live_server: object) -> None:
    get_user_model().objects.create_user(
        username="harness", password="a-long-test-password", role="sysadmin", is_staff=True
    )

    login(page, live_server, "harness", "a-long-test-password", path="/admin/login/")

    assert page.url == f"{live_server}/admin/"


def test_each_test_starts_signed_out(page: Page, live_server: object) -> None:
    page.goto(f"{live_server}/admin/")

    assert "/admin/login/" in page.url
