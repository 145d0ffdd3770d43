"""In headless Chromium a cadre records a service and the worker leaves the "not yet served"
list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from gonghui.conftest import PASSWORD, World
from gonghui.relocation.tests.conftest import register_worker
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cadre_records_a_service_and_the_worker_is_served(
    page: Page, live_server: object, world: World
) -> None:
    register_worker(world)
    login(page, live_server, "grassroots", PASSWORD, path="/accounts/login/?next=/relocation/")
    with page.expect_navigation():
        page.get_by_test_id("unserved-link").click()
    rows = page.get_by_test_id("relocated-rows")
    with page.expect_navigation():
        rows.get_by_role("link", name="王矿工").click()
    page.select_option("select[name=kind]", "skills")
    page.fill("input[name=served_on]", "2024-05-01")
    page.fill("input[name=provider]", "市职业技能培训中心")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("services")).to_contain_text("市职业技能培训中心")
    expect(page.get_by_test_id("first-served")).to_contain_text("2024")
    with page.expect_navigation():
        page.goto(f"{live_server}/relocation/unserved/")
    expect(page.get_by_test_id("relocated-rows")).not_to_contain_text("王矿工")
