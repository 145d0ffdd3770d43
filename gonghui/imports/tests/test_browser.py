"""A cadre imports a messy roster in headless Chromium: upload, progress, report, fix, import."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from gonghui.conftest import PASSWORD, World, resident_id
from gonghui.members.models import Member
from gonghui.testing.browser import login
from gonghui.testing.imports import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHEN = resident_id("320302", "19900101", 123)


def roster(world: World, chen_id: str) -> bytes:
    """A roster as old office software saves it: GBK, a title row, a 序号 column."""
    code = world.a.employer.credit_code
    return csv_bytes([
        ["鼓楼区机械厂会员花名册"],
        ["序号", "姓名", "身份证号码", "联系电话", "工作单位统一社会信用代码", "入会时间"],
        ["1", "陈一", chen_id, "138-1234-5678", code, "2013年07月20日"],
        ["2", "林二", resident_id("320302", "19920202", 124), "", code, "20140102"],
    ], "gbk")  # fmt: skip


def upload(page: Page, data: bytes) -> None:
    page.get_by_label("文件内容").select_option("members")
    page.locator("input[type=file]").set_input_files(
        {"name": "花名册.csv", "mimeType": "text/csv", "buffer": data}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="上传并检查").click()


def run_worker() -> None:
    """What `gonghui db_worker` does in production: run every queued task, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload")


def test_a_cadre_fixes_a_bad_roster_and_imports_it(
    page: Page, live_server: object, world: World
) -> None:
    login(page, live_server, "district", PASSWORD, path="/accounts/login/?next=/imports/")
    upload(page, roster(world, "3.20302199001011E+17"))
    expect(page.get_by_test_id("progress")).to_contain_text("等待开始")
    page.reload()  # the job lives on the server: a reload shows the same progress
    expect(page.get_by_test_id("progress")).to_be_visible()

    run_worker()
    problems = page.get_by_test_id("problems")  # the polling page reloads with the result
    expect(problems).to_contain_text("Excel")
    expect(problems.locator("tbody tr").first.locator("td").first).to_have_text("3")
    expect(page.get_by_text("未写入任何数据").first).to_be_visible()
    assert Member.objects.count() == 2

    with page.expect_download() as download:
        page.get_by_role("link", name="下载错误报告（xlsx）").click()
    report = CalamineWorkbook.from_path(download.value.path()).get_sheet_by_index(0).to_python()
    assert report[0] == ["行号", "列", "值", "错误"] and report[1][1] == "身份证号码"

    page.goto(f"{live_server}/imports/")
    upload(page, roster(world, CHEN))
    run_worker()
    expect(page.get_by_text("文件已导入")).to_be_visible()
    expect(page.get_by_test_id("summary")).to_contain_text("2")
    chen = Member.objects.get(name="陈一")
    assert chen.id_number == CHEN and chen.mobile == "13812345678"


def test_the_template_downloads_from_the_import_page(
    page: Page, live_server: object, world: World
) -> None:
    login(page, live_server, "district", PASSWORD, path="/accounts/login/?next=/imports/")
    with page.expect_download() as download:
        page.get_by_role("link", name="会员花名册").click()
    data = io.BytesIO(open(download.value.path(), "rb").read())  # noqa: PTH123, SIM115
    assert CalamineWorkbook.from_filelike(data).get_sheet_by_index(0).to_python()[0][0] == "姓名"
