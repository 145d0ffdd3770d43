"""A worker applies on a phone; the grassroots union forwards, the street federation endorses,
the district federation approves; a payment is recorded and shows on the file and the worker
sees the decision."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from gonghui.conftest import PASSWORD, World
from gonghui.hardship.models import Household, Status
from gonghui.hardship.tests.conftest import CHILD_ID
from gonghui.portal.tests.conftest import WORKER_PASSWORD
from gonghui.testing import browser as harness
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with harness.new_context(browser, viewport=PHONE) as context:
        yield context.new_page()


@pytest.fixture
def cadre(browser: Browser, live_server: object) -> Iterator[Any]:
    """Sign in as a cadre in a fresh desktop browser context."""
    with harness.new_context(browser, viewport=harness.DESKTOP_VIEWPORT) as context:

        def sign_in(username: str, path: str) -> Page:
            context.clear_cookies()
            page = context.new_page()
            login(page, live_server, username, PASSWORD, path=f"/accounts/login/?next={path}")
            return page

        yield sign_in


def shown(label: Callable[[], str]) -> str:
    """A label as the zh-CN browser reads it."""
    with translation.override("zh-hans"):
        return label()


def submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def take_step(page: Page, transition: str) -> None:
    submit(page, f"form:has(input[name=transition][value={transition}]) button")


def test_a_file_goes_from_application_to_payment(
    phone: Page, cadre: Any, live_server: object, world: World, worker: Any
) -> None:
    phone.goto(f"{live_server}/portal/signin/")
    phone.fill("input[name=username]", "13900001111")
    phone.fill("input[name=password]", WORKER_PASSWORD)
    submit(phone, "main button[type=submit]")
    phone.goto(f"{live_server}/hardship/my/apply/")
    phone.fill("input[name=income]", "20000")
    phone.fill("input[name=expenses]", "5000")
    phone.select_option("select[name=cause]", "illness")
    phone.fill("input[name=credit_code]", world.a.employer.credit_code)
    phone.fill("input[name=people-0-name]", "王小五")
    phone.select_option("select[name=people-0-relation]", "child")
    phone.fill("input[name=people-0-id_number]", CHILD_ID)
    submit(phone, "main button[type=submit]")
    expect(phone.get_by_test_id("timeline").locator("li")).to_have_count(1)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    household = Household.objects.get()

    for user, transition in (("grassroots", "forward"), ("street", "endorse")):
        page = cadre(user, "/hardship/")
        with page.expect_navigation():
            page.get_by_role("link", name=household.number).click()
        take_step(page, transition)

    page = cadre("district", f"/hardship/{household.pk}/")
    take_step(page, "approve")
    household.refresh_from_db()
    expect(page.get_by_test_id("status")).to_have_text(shown(household.get_status_display))
    submit(page, f"a[href='/hardship/{household.pk}/assistance/']")
    page.fill("input[name=amount]", "2000")
    page.select_option("select[name=paid_by]", str(world.a.federation.pk))
    submit(page, "main button[type=submit]")
    expect(page.get_by_test_id("assistance")).to_contain_text("2000")
    expect(page.get_by_test_id("assistance")).to_contain_text(world.a.federation.name)

    household.refresh_from_db()
    assert household.status == Status.ACTIVE and household.assistance.get().amount == 2000
    phone.reload()
    expect(phone.get_by_test_id("timeline").locator("li")).to_have_count(4)
    expect(phone.get_by_test_id("assistance")).to_contain_text("2000")
    expect(phone.get_by_test_id("status")).to_have_text(shown(household.get_status_display))
