"""Finding and admitting members in headless Chromium, on a desk and on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from gonghui.conftest import PASSWORD, World, resident_id
from gonghui.members.models import Member, Status
from gonghui.members.services import member_create
from gonghui.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZHANG_SAN_ID = resident_id("320302", "19900101", 11)


def member_rows(page: Page) -> Locator:
    """The rows that show a member (an empty result is one row without a link)."""
    return page.get_by_test_id("member-rows").locator("tbody tr:has(a)")


def search(page: Page, text: str) -> None:
    box = page.locator("input[name=q]")
    box.fill("")
    box.press_sequentially(text)


def test_the_search_box_narrows_the_list_as_one_types(
    page: Page, live_server: object, world: World
) -> None:
    member_create(
        actor=world.user("grassroots"),
        name="王五",
        id_number=resident_id("320302", "19920202", 33),
        mobile="13900001111",
        employer=world.a.employer,
        joined_on=dt.date(2020, 1, 1),
    )
    login(page, live_server, "district", PASSWORD, path="/accounts/login/?next=/members/")
    expect(member_rows(page)).to_have_count(2)
    page.evaluate("window.stillTheSamePage = true")

    search(page, "zs")
    expect(member_rows(page)).to_have_count(1)
    expect(member_rows(page).first.get_by_role("link")).to_have_text("张三")
    expect(page).to_have_url(re.compile(r"/members/\?q=zs(&|$)"))

    search(page, ZHANG_SAN_ID)
    expect(page).to_have_url(re.compile(rf"q={ZHANG_SAN_ID}(&|$)"))
    expect(member_rows(page)).to_have_count(1)
    expect(member_rows(page).first).to_contain_text("张三")
    expect(member_rows(page).first).not_to_contain_text(ZHANG_SAN_ID)  # masked in the list

    search(page, world.b.member.name)
    expect(page).to_have_url(re.compile(r"q=%E6%B3%84"))  # the request for B's name came back
    expect(member_rows(page)).to_have_count(0)
    assert world.b.employer.name not in page.content()

    assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped rows, no reload


def test_a_live_search_keeps_to_the_members_the_list_opened_with(
    page: Page, live_server: object, world: World
) -> None:
    # The list opens with active members only; typing must not widen it to those who left.
    left = member_create(
        actor=world.user("grassroots"),
        name="张思",
        id_number=resident_id("320302", "19880808", 13),
        mobile="13900003333",
        employer=world.a.employer,
        joined_on=dt.date(2010, 1, 1),
    )
    Member.objects.filter(pk=left.pk).update(status=Status.LEFT)
    login(page, live_server, "district", PASSWORD, path="/accounts/login/?next=/members/")
    expect(member_rows(page)).to_have_count(1)

    search(page, "zs")
    expect(page).to_have_url(re.compile(r"q=zs(&|$)"))
    expect(member_rows(page).get_by_role("link")).to_have_text(["张三"])


def test_on_a_phone_the_member_rows_stack_and_fit_the_screen(
    phone_page: Page, live_server: object, world: World
) -> None:
    login(phone_page, live_server, "grassroots", PASSWORD, path="/accounts/login/?next=/members/")
    row = member_rows(phone_page).first
    expect(row).to_be_visible()
    expect(row.get_by_role("link", name="张三")).to_be_visible()
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block"
    expect(phone_page.get_by_test_id("member-rows").locator("thead")).to_be_hidden()
    overflow = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"scrollWidth {overflow[0]} > innerWidth {overflow[1]}"


def test_admitting_a_member_shows_a_wrong_id_beside_the_field_then_saves_a_right_one(
    page: Page, live_server: object, world: World
) -> None:
    count = Member.objects.count()
    login(page, live_server, "grassroots", PASSWORD, path="/accounts/login/?next=/members/new/")
    # The date picker starts at today's date, which the browser only keeps as YYYY-MM-DD.
    expect(page.locator("input[name=joined_on]")).to_have_value(re.compile(r"^\d{4}-\d\d-\d\d$"))
    page.locator("input[name=name]").fill("赵六")
    page.locator("input[name=id_number]").fill("320302199505050550")  # wrong check character
    page.locator("input[name=mobile]").fill("139 0000 2222")
    page.locator("input[name=employer]").fill(world.a.employer.credit_code)
    page.locator("input[name=consent]").check()
    page.locator("main form [type=submit]").click()

    id_field = page.locator(".field:has(input[name=id_number])")
    expect(id_field.locator(".error")).to_be_visible()
    expect(id_field).to_have_class(re.compile(r"\binvalid\b"))
    expect(page.locator(".field.invalid")).to_have_count(1)  # only the ID number is wrong
    assert Member.objects.count() == count

    right = resident_id("320302", "19950505", 55)
    page.locator("input[name=id_number]").fill(right)
    page.locator("main form [type=submit]").click()

    expect(page).to_have_url(re.compile(r"/members/\d+/$"))
    member = Member.objects.get(name="赵六")
    assert page.url == f"{live_server}/members/{member.pk}/"
    masked = page.get_by_test_id("id-number")
    expect(masked).to_have_text(member.masked_id_number)
    expect(masked).not_to_have_text(right)
    assert right not in page.content()
