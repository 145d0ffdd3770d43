"""The employer import, as a cadre uses it: the register filled or corrected from a file, with
`employer_save`'s rules, or every problem reported by row and column and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from gonghui.accounts.models import User
from gonghui.conftest import World, credit_code
from gonghui.core.models import AuditEntry
from gonghui.employers.models import Employer, Ownership
from gonghui.orgs.models import Area, Union
from gonghui.orgs.services import union_add
from gonghui.testing.imports import cells_of, csv_bytes, exported, import_file, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码", "单位名称", "行政区划代码", "经济类型", "行业", "职工人数", "覆盖工会",
    "职代会建立日期",
]  # fmt: skip
NEW_CODE = credit_code("320302", 701)
COVERED_CODE = credit_code("320302", 702)
BAD_CODE = NEW_CODE[:-1] + ("0" if NEW_CODE[-1] != "0" else "1")  # a wrong check character


def good_rows() -> list[list[Any]]:
    return [
        HEADER,
        # A code as typed: lower case, spaces; an industry by its label.
        [NEW_CODE.lower()[:9] + " " + NEW_CODE.lower()[9:], "鼓楼区精工有限公司", "320302001",
         "私营", "制造业", "45", "", ""],
        [COVERED_CODE, "鼓楼区新城商贸有限公司", "320302002", "国有", "F", "1,200",
         "鼓楼区机械厂工会", "2018年3月15日"],
    ]  # fmt: skip


@pytest.fixture
def second_street(world: World) -> Area:
    return Area.objects.create(
        code="320302002", name="新城街道", level="street", parent=world.a.area
    )


def district(world: World) -> User:
    return world.user("district")


def run(world: World, rows: list[list[Any]], user: str = "district") -> Any:
    return import_file("employers", csv_bytes(rows), "employers.csv", world.user(user))


def test_a_good_file_registers_the_employers(world: World, second_street: Area) -> None:
    result = run(world, good_rows())
    assert result.problems == [] and result.written
    assert result.counts == {"create": 2, "update": 0, "unchanged": 0}
    plain = Employer.objects.get(credit_code=NEW_CODE)
    assert (plain.name, plain.ownership, plain.industry, plain.headcount) == (
        "鼓楼区精工有限公司", Ownership.PRIVATE, "C", 45,
    )  # fmt: skip
    assert plain.area == world.a.street_area and plain.union is None
    assert plain.congress_since is None
    covered = Employer.objects.get(credit_code=COVERED_CODE)
    assert covered.union == world.a.grassroots and covered.area == second_street
    assert covered.ownership == Ownership.STATE and covered.headcount == 1200
    assert covered.congress_since == dt.date(2018, 3, 15)
    entry = AuditEntry.objects.get(action="employers.import")
    assert entry.actor == district(world) and entry.detail["create"] == 2


def test_importing_the_same_file_again_changes_nothing(world: World, second_street: Area) -> None:
    run(world, good_rows())
    before = list(Employer.objects.order_by("pk").values())
    result = run(world, good_rows())
    assert result.problems == []
    assert result.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert list(Employer.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_and_blank_optional_cells_keep_what_is_stored(
    world: World,
) -> None:
    employer = world.a.employer
    employer.congress_since = dt.date(2019, 1, 1)
    employer.save()
    rows = [
        HEADER,
        [employer.credit_code, "鼓楼区机械厂（改制）", "320302001", "私营", "C", "150", "", ""],
        [world.a.bare_employer.credit_code, "鼓楼区小商店", "320302001", "私营", "F", "8", "",
         ""],
    ]  # fmt: skip
    result = run(world, rows)
    assert result.problems == []
    assert result.counts == {"create": 0, "update": 1, "unchanged": 1}
    employer.refresh_from_db()
    assert employer.name == "鼓楼区机械厂（改制）" and employer.headcount == 150
    assert employer.union == world.a.grassroots and employer.congress_since == dt.date(2019, 1, 1)


def test_a_covering_union_can_be_given_to_an_uncovered_employer(world: World) -> None:
    bare = world.a.bare_employer
    rows = [HEADER, [bare.credit_code, bare.name, "320302001", "私营", "F", "8", "鼓楼区机械厂工会",
                     "2020-01-01"]]  # fmt: skip
    assert run(world, rows).counts["update"] == 1
    bare.refresh_from_db()
    assert bare.union == world.a.grassroots and bare.congress_since == dt.date(2020, 1, 1)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("who", ["district", "city"])
def test_our_own_export_imports_back_unchanged(
    world: World, who: str, file_format: str, language: str
) -> None:
    world.a.employer.congress_since = dt.date(2019, 1, 1)
    world.a.employer.save()
    actor = district(world) if who == "district" else None
    with translation.override(language):
        data = exported("employers", actor, file_format)
        result = import_file("employers", data, f"employers.{file_format}", actor)
    assert result.problems == [] and result.file_error == ""
    expected = 2 if who == "district" else 4
    assert result.counts == {"create": 0, "update": 0, "unchanged": expected}


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(world: World) -> None:
    code = [credit_code("320302", serial) for serial in range(710, 722)]
    rows = [
        HEADER,
        [BAD_CODE, "甲公司", "320302001", "私营", "C", "5", "", ""],  # 2: check character
        [code[0], "乙公司", "320302999", "私营", "C", "5", "", ""],  # 3: unknown area
        [code[1], "丙公司", "320302", "私营", "C", "5", "", ""],  # 4: a district, not a street
        [code[2], "丁公司", "320303001", "私营", "C", "5", "", ""],  # 5: another district
        [code[3], "戊公司", "320302001", "私人", "Z", "许多", "", "2020-02-30"],  # 6
        [code[4], "己" * 121, "320302001", "私营", "C", "", "", ""],  # 7: name, headcount
        [code[5], "庚公司", "320302001", "私营", "C", "5", "没有的工会", ""],  # 8: unknown union
        [code[6], "辛公司", "320302001", "私营", "C", "5", "鼓楼区街道总工会", ""],  # 9: federation
        [code[7], "壬公司", "320302001", "私营", "C", "5", "泄露云龙区机械厂工会", ""],  # 10
        [code[7], "癸公司", "320302001", "私营", "C", "5", "", ""],  # 11: repeats row 10
        [world.b.employer.credit_code, "泄露", "320302001", "私营", "C", "5", "", ""],  # 12
        [code[8], "好公司", "320302001", "私营", "C", "5", "", ""],  # 13: good
    ]
    count = Employer.objects.count()
    result = run(world, rows)
    assert not result.written
    assert cells_of(result.problems) == {
        (2, "统一社会信用代码"), (3, "行政区划代码"), (4, "行政区划代码"), (5, "行政区划代码"),
        (6, "经济类型"), (6, "行业"), (6, "职工人数"), (6, "职代会建立日期"), (7, "单位名称"),
        (7, "职工人数"), (8, "覆盖工会"), (9, "覆盖工会"), (10, "覆盖工会"),
        (11, "统一社会信用代码"), (12, "统一社会信用代码"),
    }  # fmt: skip
    assert Employer.objects.count() == count


def test_a_covering_union_name_borne_by_two_unions_is_ambiguous(world: World) -> None:
    union_add(actor=None, parent=world.a.street, name="鼓楼区机械厂工会",
              kind=Union.Kind.GRASSROOTS)  # fmt: skip
    employer = world.a.employer
    rows = [
        HEADER,
        [NEW_CODE, "新公司", "320302001", "私营", "C", "5", "鼓楼区机械厂工会", ""],
        # The union an employer already has stands, however many bear its name.
        [employer.credit_code, employer.name, "320302001", "私营", "C", "120", "鼓楼区机械厂工会",
         ""],
    ]  # fmt: skip
    result = run(world, rows)
    assert cells_of(result.problems) == {(2, "覆盖工会")}


def test_a_cadre_of_another_district_cannot_touch_this_district(world: World) -> None:
    employer = world.a.employer
    rows = [
        HEADER,
        [employer.credit_code, "泄露改名", "320302001", "私营", "C", "1", "", ""],
        [NEW_CODE, "泄露新公司", "320302001", "私营", "C", "5", "", ""],
        [COVERED_CODE, "泄露另一家", "320303001", "私营", "C", "5", "鼓楼区机械厂工会", ""],
    ]
    result = run(world, rows, user="district_b")
    assert cells_of(result.problems) == {
        (2, "统一社会信用代码"), (3, "行政区划代码"), (4, "覆盖工会"),
    }  # fmt: skip
    employer.refresh_from_db()
    assert employer.name == "鼓楼区机械厂" and employer.headcount == 120
    assert not Employer.objects.filter(credit_code__in=[NEW_CODE, COVERED_CODE]).exists()


def test_a_grassroots_cadre_registers_only_employers_its_union_covers(world: World) -> None:
    rows = [
        HEADER,
        [NEW_CODE, "无会公司", "320302001", "私营", "C", "5", "", ""],
        [COVERED_CODE, "有会公司", "320302001", "私营", "C", "5", "鼓楼区机械厂工会", ""],
    ]
    result = run(world, rows, user="grassroots")
    assert cells_of(result.problems) == {(2, "覆盖工会")}
    del rows[1]
    result = run(world, rows, user="grassroots")
    assert result.counts["create"] == 1
    assert Employer.objects.get(credit_code=COVERED_CODE).union == world.a.grassroots


def test_a_gbk_csv_from_older_office_software_is_read(world: World, second_street: Area) -> None:
    data = csv_bytes(good_rows(), encoding="gbk")
    result = import_file("employers", data, "employers.csv", district(world))
    assert result.problems == [] and result.counts["create"] == 2
    assert Employer.objects.get(credit_code=NEW_CODE).name == "鼓楼区精工有限公司"


def test_an_xlsx_with_a_title_english_headers_and_typed_cells(world: World) -> None:
    rows = [
        ["Unified social credit code", "Employer name", "Area code", "Ownership", "Industry",
         "Headcount", "Covering union", "Workers' congress in force since"],
        [NEW_CODE, "Gulou Precision Ltd", 320302001, "Private", "Manufacturing", 45,
         "鼓楼区机械厂工会", dt.date(2018, 3, 15)],
    ]  # fmt: skip
    data = xlsx_bytes(rows, title="2026年单位台账")
    result = import_file("employers", data, "employers.xlsx", district(world))
    assert result.problems == [] and result.counts["create"] == 1
    employer = Employer.objects.get(credit_code=NEW_CODE)
    assert employer.area_id == "320302001" and employer.headcount == 45
    assert employer.industry == "C" and employer.congress_since == dt.date(2018, 3, 15)


def test_the_command_imports_for_the_whole_city(
    world: World, second_street: Area, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "employers.csv"
    path.write_bytes(csv_bytes(good_rows()))
    call_command("import", "employers", str(path), "--dry-run")
    assert not Employer.objects.filter(credit_code=COVERED_CODE).exists()
    call_command("import", "employers", str(path))
    assert "2" in capsys.readouterr().out
    assert Employer.objects.get(credit_code=COVERED_CODE).union == world.a.grassroots
    with pytest.raises(SystemExit) as exited:
        call_command("import", "employers", str(path), "--as", "district_b")
    assert exited.value.code == 1


def test_names_with_chinese_brackets_are_kept_and_found(world: World) -> None:
    union_add(actor=None, parent=world.a.street, name="徐州重机（鼓楼）有限公司工会",
              kind=Union.Kind.GRASSROOTS, area=world.a.street_area)  # fmt: skip
    rows = [
        HEADER,
        [NEW_CODE, "徐州重机（鼓楼）有限公司", "320302001", "外商投资", "C", "300",
         "徐州重机（鼓楼）有限公司工会", ""],
    ]  # fmt: skip
    assert run(world, rows).counts["create"] == 1
    employer = Employer.objects.get(credit_code=NEW_CODE)
    assert employer.name == "徐州重机（鼓楼）有限公司"
    assert employer.union is not None and employer.union.name == "徐州重机（鼓楼）有限公司工会"
    assert run(world, rows).counts["unchanged"] == 1


def test_a_large_file_is_checked_in_batches_not_row_by_row(
    world: World, django_assert_max_num_queries: Any
) -> None:
    rows = [HEADER] + [
        [credit_code("320302", 10_000 + n), f"公司{n}", "320302001", "私营", "C", "5",
         "鼓楼区机械厂工会" if n % 2 else "", ""]
        for n in range(4500)
    ]  # fmt: skip
    with django_assert_max_num_queries(20):  # three batches of at most 2000 rows
        result = run(world, rows)
    assert result.counts["create"] == 4500
    assert Employer.objects.filter(union=world.a.grassroots).count() == 2251


def test_the_dates_behind_as_of_figures_are_imported(world: World, second_street: Area) -> None:
    rows = good_rows()
    rows[0] += ["成立日期", "建会日期"]
    rows[1] += ["2009-05-20", ""]
    rows[2] += ["", "2012-07-01"]

    run(world, rows)

    new, covered = (Employer.objects.get(credit_code=code) for code in (NEW_CODE, COVERED_CODE))
    assert (new.registered_on, new.unionised_on) == (dt.date(2009, 5, 20), None)
    assert (covered.registered_on, covered.unionised_on) == (None, dt.date(2012, 7, 1))


def test_an_employer_first_covered_by_an_import_is_covered_from_that_day(world: World) -> None:
    bare = world.a.bare_employer
    rows = [HEADER, [bare.credit_code, bare.name, bare.area_id, "私营", "F", "8",
                     world.a.grassroots.name, ""]]  # fmt: skip

    run(world, rows)

    bare.refresh_from_db()
    assert (bare.union, bare.unionised_on) == (world.a.grassroots, timezone.localdate())
