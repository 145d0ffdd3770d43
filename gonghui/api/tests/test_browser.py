"""The API docs page in headless Chromium: Swagger UI, from our own files, lists the endpoints."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from gonghui.conftest import PASSWORD, World
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_the_endpoints_and_tries_one_with_the_session(
    page: Page, live_server: object, world: World
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(_url(request)))
    login(page, live_server, "district", PASSWORD)
    page.goto(f"{live_server}/api/v1/docs/")

    members = page.locator("#operations-members-members_list")
    expect(members).to_be_visible()
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    for path in ("/api/v1/orgs/", "/api/v1/employers/", "/api/v1/members/{member_id}/"):
        expect(page.locator(f".opblock-summary-path[data-path='{path}']").first).to_be_visible()

    members.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(
        members.locator(".live-responses-table td.response-col_status:not(.col_header)")
    ).to_have_text("200")
    expect(members.locator(".live-responses-table")).to_contain_text("张三")
    assert all(url.startswith(str(live_server)) for url in requested), requested


def _url(request: Request) -> str:
    return request.url
