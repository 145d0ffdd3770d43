"""Drilling down the union tree in headless Chromium."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, expect

from gonghui.conftest import PASSWORD, World
from gonghui.orgs.models import Union
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def breadcrumb(page: Page) -> Locator:
    return page.locator("nav.breadcrumb a")


def fact(page: Page, msgid: str) -> Locator:
    """The value beside a label of the facts list (labels are looked up in the catalogue)."""
    with translation.override("zh-hans"):
        label = gettext(msgid)
    exactly = re.compile(f"^{re.escape(label)}$")
    return (
        page.locator("dl.facts dt")
        .filter(has_text=exactly)
        .locator("xpath=following-sibling::dd[1]")
    )


def child_row(page: Page, union: Union) -> Locator:
    return page.get_by_test_id("children").locator("tbody tr", has_text=union.name)


def test_the_city_cadre_drills_down_to_a_grassroots_union(
    page: Page, live_server: object, world: World
) -> None:
    login(page, live_server, "city", PASSWORD)
    page.locator("nav.main-nav a[href='/unions/']").click()
    expect(page).to_have_url(f"{live_server}/unions/{world.city.pk}/")
    expect(breadcrumb(page)).to_have_count(0)
    expect(fact(page, "Unions in this subtree")).to_have_text("7")
    expect(fact(page, "Active members")).to_have_text("2")

    # Down one level at a time: (node, breadcrumb above it, unions and members in its subtree)
    steps = [
        (world.a.federation, [world.city], "3", "1"),
        (world.a.street, [world.city, world.a.federation], "2", "1"),
        (world.a.grassroots, [world.city, world.a.federation, world.a.street], "1", "1"),
    ]
    for node, above, unions, members in steps:
        row = child_row(page, node)
        expect(row.locator("td").nth(2)).to_have_text(unions)
        row.get_by_role("link", name=node.name).click()
        expect(page).to_have_url(f"{live_server}/unions/{node.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(node.name)
        expect(breadcrumb(page)).to_have_text([union.name for union in above])
        expect(fact(page, "Unions in this subtree")).to_have_text(unions)
        expect(fact(page, "Active members")).to_have_text(members)

    expect(page.get_by_test_id("children")).to_have_count(0)
    breadcrumb(page).get_by_text(world.a.federation.name).click()
    expect(page).to_have_url(f"{live_server}/unions/{world.a.federation.pk}/")


def test_the_district_cadre_never_meets_the_sibling_district(
    page: Page, live_server: object, world: World
) -> None:
    login(page, live_server, "district", PASSWORD)
    page.locator("nav.main-nav a[href='/unions/']").click()
    expect(page).to_have_url(f"{live_server}/unions/{world.a.federation.pk}/")
    expect(breadcrumb(page)).to_have_count(0)
    for node in (world.a.street, world.a.grassroots):
        assert "云龙区" not in page.content()
        page.get_by_role("link", name=node.name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(node.name)
    assert "云龙区" not in page.content()
    expect(breadcrumb(page)).to_have_text([world.a.federation.name, world.a.street.name])

    response = page.goto(f"{live_server}/unions/{world.b.federation.pk}/")
    assert response is not None and response.status == 404
