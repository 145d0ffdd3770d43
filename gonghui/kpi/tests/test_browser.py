"""A district leader on a phone: the dashboard's charts, a child's dashboard, the records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from gonghui.conftest import PASSWORD, World
from gonghui.kpi.registry import metrics
from gonghui.kpi.tests.pages import city_plan
from gonghui.testing.browser import login, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW_PHONE = {"width": 375, "height": 812}


@pytest.fixture
def narrow_page(browser: Browser) -> Iterator[Page]:
    with new_context(browser, viewport=NARROW_PHONE) as context:
        yield context.new_page()


def test_a_district_leader_drills_from_the_dashboard_to_the_employers(
    narrow_page: Page, live_server: object, world: World
) -> None:
    page = narrow_page
    city_plan(world)
    login(page, live_server, "district", PASSWORD)
    page.get_by_test_id("dashboard").click()
    expect(page).to_have_url(f"{live_server}/kpi/")

    gauges = page.locator("[data-chart=gauge]")
    shares = len([metric for metric in metrics() if metric.is_share])  # a gauge each
    expect(gauges).to_have_count(shares)
    for index in range(shares):
        expect(gauges.nth(index).locator("canvas")).to_have_count(1)
    expect(page.locator("[data-chart=ranking] canvas")).to_have_count(1)
    # The cards stack: nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]

    street = world.a.street
    page.get_by_test_id("children").get_by_role("link", name=street.name).click()
    expect(page).to_have_url(f"{live_server}/kpi/{street.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(street.name)

    coverage = page.locator("article[data-metric=union_coverage]")
    expect(coverage.get_by_test_id("denominator")).to_have_text("2")
    coverage.get_by_test_id("denominator").click()
    expect(page).to_have_url(f"{live_server}/kpi/{street.pk}/union_coverage/denominator/")
    records = page.get_by_test_id("records").locator("tbody tr")
    expect(records).to_have_count(2)
    for employer in (world.a.employer, world.a.bare_employer):
        expect(records.get_by_role("link", name=employer.name)).to_be_visible()
    assert world.b.employer.name not in page.content()
