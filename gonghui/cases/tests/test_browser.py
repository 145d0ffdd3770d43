"""A street cadre opens a case awaiting the street and endorses it in headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from gonghui.cases.models import Case
from gonghui.cases.services import case_transition
from gonghui.conftest import PASSWORD, World
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_cadre_endorses_a_case(page: Page, live_server: object, world: World,
                                        case: Case) -> None:  # fmt: skip
    case_transition(actor=world.user("grassroots"), case=case, transition="forward")
    login(page, live_server, "street", PASSWORD, path="/accounts/login/?next=/cases/")
    page.get_by_role("link", name=case.title).click()
    expect(page.get_by_test_id("state")).to_have_text("At the street")
    with page.expect_navigation():
        page.get_by_role("button", name="Endorse").click()
    expect(page.get_by_test_id("state")).to_have_text("At the district")
    expect(page.get_by_test_id("timeline")).to_contain_text("street")
    case.refresh_from_db()
    assert case.state == "district"
