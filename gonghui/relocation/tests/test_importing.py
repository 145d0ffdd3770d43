"""The 人社 list of relocated workers through the import engine: all rows or none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from gonghui.conftest import World, credit_code, resident_id
from gonghui.core.models import AuditEntry
from gonghui.relocation.models import Industry, RelocatedWorker
from gonghui.relocation.tests.conftest import WANG, register_worker
from gonghui.testing.imports import csv_bytes, import_file, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["序号", "姓名", "公民身份号码", "手机号码", "行业", "原工作单位",
          "原单位统一社会信用代码", "行政区划代码", "转岗分流时间"]  # fmt: skip
LIU = resident_id("320302", "19780303", 51)
ZHAO = resident_id("320302", "19790404", 52)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def good_rows(world: World) -> list[list]:
    return [
        HEADER,
        [1, "刘钢", LIU, "137 0000 2222", "钢铁", "徐州钢铁厂", "", "320302", "2018/6/30"],
        [2, "赵煤", ZHAO, "", "煤炭", world.a.employer.name, world.a.employer.credit_code, "",
         "2017年07月01日"],
    ]  # fmt: skip


@pytest.mark.parametrize("encode", [csv_bytes, xlsx_bytes])
def test_a_good_list_registers_every_worker_in_one_write(world: World, encode) -> None:
    name = "list.csv" if encode is csv_bytes else "list.xlsx"
    result = import_file("relocation", encode(good_rows(world)), name, world.user("district"))
    assert result.problems == [] and result.written
    assert result.counts["create"] == 2
    liu = RelocatedWorker.objects.get(name="刘钢")
    assert liu.union == world.a.federation and liu.industry == Industry.STEEL
    assert liu.id_number == LIU and liu.mobile == "13700002222"
    zhao = RelocatedWorker.objects.get(name="赵煤")
    assert zhao.union == world.a.grassroots and zhao.employer == world.a.employer
    assert zhao.first_served_on is None
    assert AuditEntry.objects.filter(action="relocation.import").count() == 1


def test_the_list_sent_again_changes_nothing(world: World) -> None:
    data = csv_bytes(good_rows(world))
    import_file("relocation", data, "list.csv", world.user("district"))
    again = import_file("relocation", data, "list.csv", world.user("district"))
    assert again.problems == [] and again.counts["unchanged"] == 2
    assert RelocatedWorker.objects.count() == 2


def test_a_broken_list_is_reported_row_by_row_and_nothing_is_written(world: World) -> None:
    register_worker(world, user="district_b", employer=world.b.employer)  # WANG, in district B
    wrong = LIU[:-1] + ("0" if LIU[-1] != "0" else "1")
    rows = [
        *good_rows(world),
        [3, "错号", wrong, "", "钢铁", "徐州钢铁厂", "", "320302", "2018/6/30"],
        [4, "重复", ZHAO, "", "煤炭", "徐州煤矿", "", "320302", "2018/6/30"],
        [5, "行业", resident_id("320302", "19800505", 53), "", "纺织", "某厂", "", "320302",
         "2018/6/30"],
        [6, "王矿工", WANG, "", "煤炭", "某矿", "", "320302", "2018/6/30"],
        [7, "外区", resident_id("320303", "19810606", 54), "", "煤炭", "某矿", "", "320303",
         "2018/6/30"],
    ]  # fmt: skip
    result = import_file("relocation", csv_bytes(rows), "list.csv", world.user("district"))
    assert not result.written
    problems = {(row, column): message for row, column, message in result.problems}
    assert "check" in problems[(4, "公民身份号码")].lower()
    assert "Repeats row 3" in problems[(5, "公民身份号码")]
    assert "not one of the allowed values" in problems[(6, "行业")]
    assert "outside your part" in problems[(7, "公民身份号码")]
    assert "outside your part" in problems[(8, "行政区划代码")]
    assert {row for row, _column in problems} == {4, 5, 6, 7, 8}
    assert RelocatedWorker.objects.count() == 1  # only B's own worker, registered before
    assert not AuditEntry.objects.filter(action="relocation.import").exists()


def test_a_row_needs_a_registered_employer_or_an_area(world: World) -> None:
    rows = [
        HEADER,
        [1, "无处", LIU, "", "煤炭", "某矿", "", "", "2018/6/30"],
        [2, "无厂", ZHAO, "", "煤炭", "某矿", credit_code("320302", 77), "", "2018/6/30"],
        [3, "错码", resident_id("320302", "19800505", 53), "", "煤炭", "某矿", "91320302MA0000000",
         "", "2018/6/30"],
    ]  # fmt: skip
    result = import_file("relocation", csv_bytes(rows), "list.csv", world.user("district"))
    columns = {(row, column) for row, column, _message in result.problems}
    employer_code = "原单位统一社会信用代码"
    assert columns == {(2, "行政区划代码"), (3, employer_code), (4, employer_code)}
    assert not RelocatedWorker.objects.exists()
