"""In the browser: the post's cadre records how mediation ended and hands the dispute to
arbitration (the hand-off's date, body and 案号 then on the case); a worker books a
consultation on a phone-sized screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from gonghui.conftest import PASSWORD, World
from gonghui.legalaid.models import Booking, Post
from gonghui.legalaid.tests.conftest import WORKER_PASSWORD, next_weekday, open_dispute
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


def submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(form).locator("button[type=submit]").click()


def test_a_dispute_is_handed_to_arbitration_with_its_hand_off(
    page: Page, live_server: Any, world: World, post: Post
) -> None:
    dispute = open_dispute(world, post)
    today = timezone.localdate().isoformat()
    url = f"/legal/disputes/{dispute.pk}/"
    login(page, live_server, "street", PASSWORD, path=f"/accounts/login/?next={url}")
    expect(page.get_by_test_id("clock")).to_be_visible()

    outcome = page.get_by_test_id("outcome-form")
    outcome.locator("select[name=outcome]").select_option("failed")
    outcome.locator("input[name=decided_on]").fill(today)
    submit(page, "outcome-form")
    expect(page.get_by_test_id("outcomes")).to_contain_text(today)

    handoff = page.get_by_test_id("handoff-form")
    handoff.locator("input[name=handed_on]").fill(today)
    handoff.locator("input[name=body]").fill("徐州市劳动人事争议仲裁委员会")
    handoff.locator("input[name=reference]").fill("徐劳人仲案字〔2026〕第88号")
    submit(page, "handoff-form")

    handoffs = page.get_by_test_id("handoffs")
    for shown in (today, "徐州市劳动人事争议仲裁委员会", "徐劳人仲案字〔2026〕第88号"):
        expect(handoffs).to_contain_text(shown)
    expect(page.get_by_test_id("timeline")).to_contain_text("→")
    dispute.refresh_from_db()
    assert dispute.case.state == "arbitration" and dispute.arbitration_on.isoformat() == today


def test_a_worker_books_a_consultation_on_a_phone(
    phone: Page, live_server: Any, world: World, post: Post, worker: Any
) -> None:
    day = next_weekday(0)
    signin = "/portal/signin/?next=/legal/my/"
    login(phone, live_server, "13900001111", WORKER_PASSWORD, path=signin)
    assert fits_the_screen(phone)
    with phone.expect_navigation():
        phone.locator("main a[href='/legal/my/book/']").click()
    with phone.expect_navigation():
        phone.get_by_test_id("posts").get_by_role("link", name=post.name).click()
    assert fits_the_screen(phone)
    phone.get_by_test_id("day-form").locator("input[name=day]").fill(day.isoformat())
    submit(phone, "day-form")
    form = phone.get_by_test_id("booking-form")
    form.locator("input[name=slot]").first.check()
    form.locator("select[name=topic]").select_option("dismissal")
    form.locator("textarea[name=note]").fill("公司口头通知解除劳动合同")
    assert fits_the_screen(phone)
    submit(phone, "booking-form")

    assert phone.url.endswith("/legal/my/")
    expect(phone.get_by_test_id("my-bookings")).to_contain_text(day.isoformat())
    expect(phone.get_by_test_id("my-bookings")).to_contain_text(post.name)
    assert fits_the_screen(phone)
    booking = Booking.objects.get()
    assert (booking.worker, booking.on, booking.topic) == (worker, day, "dismissal")
