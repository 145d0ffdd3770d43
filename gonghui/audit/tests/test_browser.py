"""In headless Chromium the auditor signs in, searches the trail by action, opens an entry and
exports the search."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from gonghui.accounts.models import User
from gonghui.conftest import PASSWORD, World
from gonghui.core.models import AuditEntry
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_searches_opens_and_exports(
    page: Page, live_server: object, world: World, auditor: User
) -> None:
    login(page, live_server, "auditor", PASSWORD)
    with page.expect_navigation():
        page.locator("nav a[href='/audit/']").click()
    page.fill("input[name=action]", "member.create")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    rows = page.get_by_test_id("entries").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("member.create")
    expect(rows.first).to_contain_text("district_b")
    with page.expect_navigation():
        rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("entry")).to_contain_text("members.member")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    exported = AuditEntry.objects.get(action="audit.export")
    assert exported.detail["filters"]["action"] == "member.create"
