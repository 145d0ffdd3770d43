"""On a phone-sized screen a worker signs up, proves identity and applies; the grassroots cadre
approves; the member is in the registry and shows the membership card. A member changes jobs
and transfers; the receiving union approves; the card names the new union."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from gonghui.conftest import PASSWORD, World
from gonghui.portal.tests.conftest import WORKER_ID, WORKER_PASSWORD, enrol, last_code
from gonghui.portal.workflows import TRANSFER
from gonghui.testing import browser as harness
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with harness.new_context(browser, viewport=PHONE) as context:
        yield context.new_page()


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def submit(page: Page, selector: str = "main button[type=submit]:not([name])") -> None:
    with page.expect_navigation():
        page.locator(selector).last.click()


def test_a_worker_joins_from_a_phone_and_the_cadre_approves(
    phone: Page, page: Page, live_server: object, world: World, outbox: list
) -> None:
    phone.goto(f"{live_server}/portal/")
    assert fits_the_screen(phone)
    with phone.expect_navigation():
        phone.locator("main a[href='/portal/signup/']").first.click()
    phone.fill("input[name=mobile]", "13900005555")
    submit(phone, "button[name=send]")
    phone.fill("input[name=code]", last_code(outbox))
    phone.fill("input[name=password]", WORKER_PASSWORD)
    submit(phone)
    assert phone.url.endswith("/portal/identity/") and fits_the_screen(phone)
    phone.fill("input[name=name]", "王五")
    phone.fill("input[name=id_number]", WORKER_ID)
    submit(phone)
    assert phone.url.endswith("/portal/apply/")
    phone.fill("input[name=credit_code]", world.a.employer.credit_code)
    submit(phone)
    expect(phone.get_by_test_id("employer")).to_contain_text(world.a.employer.name)
    submit(phone, "button[name=confirm]")
    assert "/portal/my/" in phone.url and fits_the_screen(phone)
    title = phone.locator("h1").inner_text()
    assert "王五" in title

    login(page, live_server, "grassroots", PASSWORD, path="/accounts/login/?next=/cases/")
    with page.expect_navigation():
        page.get_by_test_id("cases").get_by_role("link", name="王五").click()
    approve = page.locator("form:has(input[name=transition][value=approve])")
    approve.locator("input[name=note]").fill("欢迎入会")
    with page.expect_navigation():
        approve.locator("button").click()
    page.goto(f"{live_server}/members/")
    expect(page.locator("main")).to_contain_text("王五")
    # … and in the figures: the union's members (张三 and now 王五), the application approved.
    page.goto(f"{live_server}/kpi/")
    expect(page.locator("[data-metric=members] [data-testid=value]")).to_have_text("2")
    applications = page.locator("[data-metric=membership_applications]")
    expect(applications.locator("[data-detail=approved] dd")).to_have_text("1")

    phone.reload()
    expect(phone.get_by_test_id("timeline").locator("li")).to_have_count(2)
    expect(phone.get_by_test_id("timeline")).to_contain_text("欢迎入会")  # the cadre's note

    phone.goto(f"{live_server}/portal/card/")
    expect(phone.locator("svg.card-qr")).to_be_visible()
    expect(phone.get_by_test_id("card")).to_contain_text("王五")
    assert fits_the_screen(phone)


def test_a_member_transfers_from_a_phone_and_the_receiving_cadre_approves(
    phone: Page, page: Page, live_server: object, world: World, worker: Any
) -> None:
    enrol(world, world.a.bare_employer, holding_union=world.a.street)
    login(phone, live_server, "13900001111", WORKER_PASSWORD, path="/portal/signin/")
    phone.goto(f"{live_server}/portal/transfer/")
    expect(phone.get_by_test_id("membership")).to_contain_text(world.a.street.name)
    phone.fill("input[name=credit_code]", world.a.employer.credit_code)
    submit(phone)
    expect(phone.get_by_test_id("employer")).to_contain_text(world.a.employer.name)
    assert fits_the_screen(phone)
    submit(phone, "button[name=confirm]")
    assert "/portal/my/" in phone.url and fits_the_screen(phone)
    assert "王五" in phone.locator("h1").inner_text()

    login(page, live_server, "grassroots", PASSWORD, path="/accounts/login/?next=/cases/")
    with page.expect_navigation():
        page.get_by_test_id("cases").get_by_role("link", name="王五").click()
    approve = page.locator("form:has(input[name=transition][value=approve])")
    approve.locator("input[name=note]").fill("欢迎转入")
    with page.expect_navigation():
        approve.locator("button").click()

    phone.reload()
    with translation.override("zh-hans"):
        approved = str(TRANSFER.state("approved").label)
    expect(phone.get_by_test_id("state")).to_have_text(approved)
    expect(phone.get_by_test_id("timeline")).to_contain_text("欢迎转入")
    phone.goto(f"{live_server}/portal/card/")
    expect(phone.get_by_test_id("card")).to_contain_text(world.a.grassroots.name)
    assert fits_the_screen(phone)
