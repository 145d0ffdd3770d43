"""The union import, as a cadre uses it: a file in, the tree grown or corrected, or every
problem reported by row and column with nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from gonghui.accounts.models import User
from gonghui.conftest import World, credit_code
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Area, Union
from gonghui.orgs.services import union_add
from gonghui.testing.imports import cells_of, csv_bytes, exported, import_file, xlsx_bytes

pytestmark = pytest.mark.django_db

# ---- The union import ----------------------------------------------------------------------

HEADER = ["工会名称", "工会类型", "上级工会", "行政区划代码", "统一社会信用代码", "成立日期"]
STREET = "乡镇（街道）总工会"
OWN = "基层工会（单独建会）"
JOINT = "联合基层工会"
NEW_STREET = "鼓楼区新城街道总工会"
INDUSTRY = "鼓楼区机械（冶金）产业工会"
NEW_CODE = credit_code("320302", 50, prefix="81")
BAD_CODE = NEW_CODE[:-1] + ("0" if NEW_CODE[-1] != "0" else "1")  # a wrong check character


@pytest.fixture
def new_street_area(world: World) -> Area:
    return Area.objects.create(
        code="320302002", name="新城街道", level="street", parent=world.a.area
    )


def branch_rows() -> list[list[Any]]:
    """A new street federation with two unions under it and an industry union with one,
    parents before children."""
    return [
        HEADER,
        [NEW_STREET, STREET, "鼓楼区总工会", "320302002", "", "2010-05-04"],
        ["新城街道精工公司工会", OWN, NEW_STREET, "320302002", NEW_CODE, "2015/6/1"],
        ["新城街道联合工会", JOINT, NEW_STREET, "", "", ""],
        # Chinese brackets in names are kept as written, and found again as a parent.
        [INDUSTRY, "产业工会", "鼓楼区总工会", "", "", ""],
        ["徐州重机（鼓楼）有限公司工会", OWN, INDUSTRY, "", "", ""],
    ]


def district(world: World) -> User:
    return world.user("district")


def test_a_good_file_grows_the_tree_with_paths_in_file_order(
    world: World, new_street_area: Area
) -> None:
    result = import_file("unions", csv_bytes(branch_rows()), "unions.csv", district(world))
    assert result.problems == [] and result.written
    assert result.counts == {"create": 5, "update": 0, "unchanged": 0}
    street = Union.objects.get(name=NEW_STREET)
    assert street.parent == world.a.federation and street.kind == Union.Kind.STREET
    assert street.path == f"{world.a.federation.path}{street.pk}/"
    assert street.area == new_street_area and street.founded_on == dt.date(2010, 5, 4)
    own = Union.objects.get(credit_code=NEW_CODE)
    assert own.parent == street and own.path == f"{street.path}{own.pk}/"
    assert own.kind == Union.Kind.GRASSROOTS and own.founded_on == dt.date(2015, 6, 1)
    joint = Union.objects.get(name="新城街道联合工会")
    assert joint.parent == street and joint.area is None and joint.credit_code is None
    industry = Union.objects.get(name=INDUSTRY)
    assert industry.kind == Union.Kind.INDUSTRY and industry.parent == world.a.federation
    assert Union.objects.get(name="徐州重机（鼓楼）有限公司工会").parent == industry
    entry = AuditEntry.objects.get(action="unions.import")
    assert entry.actor == district(world) and entry.detail["create"] == 5


def test_unions_added_after_an_import_get_fresh_ids(world: World, new_street_area: Area) -> None:
    import_file("unions", csv_bytes(branch_rows()), "unions.csv", district(world))
    highest = Union.objects.order_by("-pk").first()
    assert highest is not None
    added = union_add(actor=district(world), parent=world.a.federation, name="鼓楼区教育工会",
                      kind=Union.Kind.INDUSTRY)  # fmt: skip
    assert added.pk > highest.pk and added.path == f"{world.a.federation.path}{added.pk}/"


def test_importing_the_same_file_again_changes_nothing(world: World, new_street_area: Area) -> None:
    data = csv_bytes(branch_rows())
    import_file("unions", data, "unions.csv", district(world))
    before = list(Union.objects.values_list("pk", "name", "kind", "path", "area", "founded_on"))
    result = import_file("unions", data, "unions.csv", district(world))
    assert result.problems == []
    assert result.counts == {"create": 0, "update": 0, "unchanged": 5}
    after = list(Union.objects.values_list("pk", "name", "kind", "path", "area", "founded_on"))
    assert after == before


def test_changed_rows_update_and_blank_optional_cells_keep_what_is_stored(world: World) -> None:
    grassroots = world.a.grassroots
    rows = [
        HEADER,
        # Matched by credit code: renamed, made a joint union, a founding date given.
        [
            "鼓楼区机械厂联合工会",
            JOINT,
            "鼓楼区街道总工会",
            "",
            grassroots.credit_code,
            "2001-01-01",
        ],
        # Matched by parent and name: nothing new in it.
        ["鼓楼区街道总工会", STREET, "鼓楼区总工会", "", "", ""],
    ]
    result = import_file("unions", csv_bytes(rows), "unions.csv", district(world))
    assert result.problems == []
    assert result.counts == {"create": 0, "update": 1, "unchanged": 1}
    grassroots.refresh_from_db()
    assert grassroots.name == "鼓楼区机械厂联合工会" and grassroots.kind == Union.Kind.JOINT
    assert grassroots.founded_on == dt.date(2001, 1, 1)
    assert grassroots.area == world.a.street_area  # blank: kept
    assert grassroots.path == f"{world.a.street.path}{grassroots.pk}/"


def test_a_cadre_cannot_change_its_own_union(world: World) -> None:
    rows = [HEADER, ["鼓楼区总工会", "县（市、区）总工会", "徐州市总工会", "320302001", "", ""]]
    result = import_file("unions", csv_bytes(rows), "unions.csv", district(world))
    assert cells_of(result.problems) == {(2, "工会名称")}
    world.a.federation.refresh_from_db()
    assert world.a.federation.area_id == "320302"


def test_a_union_matched_by_name_gets_the_credit_code_of_the_file(world: World) -> None:
    rows = [HEADER, ["鼓楼区街道总工会", STREET, "鼓楼区总工会", "", NEW_CODE, ""]]
    result = import_file("unions", csv_bytes(rows), "unions.csv", district(world))
    assert result.counts["update"] == 1
    world.a.street.refresh_from_db()
    assert world.a.street.credit_code == NEW_CODE


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("who", ["district", "city"])
def test_our_own_export_imports_back_unchanged(
    world: World, who: str, file_format: str, language: str
) -> None:
    actor = district(world) if who == "district" else None
    with translation.override(language):
        data = exported("unions", actor, file_format)
        result = import_file("unions", data, f"unions.{file_format}", actor)
    assert result.problems == [] and result.file_error == ""
    expected = 3 if who == "district" else 7  # the district's node included; the city's too
    assert result.counts == {"create": 0, "update": 0, "unchanged": expected}


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(world: World) -> None:
    other_code, own_code = world.b.grassroots.credit_code, world.a.grassroots.credit_code
    rows = [
        HEADER,
        ["错位街道总工会", STREET, "鼓楼区街道总工会", "", "", ""],  # 2: street under street
        ["孤儿工会", OWN, "不存在的工会", "", "", ""],  # 3: unknown parent
        ["早到工会", OWN, "后来的街道总工会", "", "", ""],  # 4: parent only in a later row
        ["后来的街道总工会", STREET, "鼓楼区总工会", "", "", ""],  # 5: good
        ["越界工会", OWN, "泄露云龙区街道总工会", "", "", ""],  # 6: parent in another district
        ["外区工会", OWN, "鼓楼区街道总工会", "320303001", "", ""],  # 7: area of another district
        ["冒名工会", OWN, "鼓楼区街道总工会", "", other_code, ""],  # 8: another district's code
        ["鼓楼区机械厂工会", OWN, "鼓楼区总工会", "", own_code, ""],  # 9: moved
        ["鼓楼区街道总工会", "产业工会", "鼓楼区总工会", "", "", ""],  # 10: kind change
        ["重复工会", OWN, "鼓楼区街道总工会", "", "", ""],  # 11: good
        ["重复工会", OWN, "鼓楼区街道总工会", "", "", ""],  # 12: repeats row 11
        ["坏工会", "工会", "鼓楼区街道总工会", "999", BAD_CODE, "2020-13-01"],  # 13
        ["无上级工会", OWN, "", "", "", ""],  # 14: no parent
        ["新市总工会", "市总工会", "鼓楼区总工会", "", "", ""],  # 15: a second city federation
        ["", OWN, "鼓楼区街道总工会", "", "", ""],  # 16: no name
    ]
    count = Union.objects.count()
    result = import_file("unions", csv_bytes(rows), "unions.csv", district(world))
    assert not result.written
    assert cells_of(result.problems) == {
        (2, "工会类型"), (3, "上级工会"), (4, "上级工会"), (6, "上级工会"), (7, "行政区划代码"),
        (8, "统一社会信用代码"), (9, "上级工会"), (10, "工会类型"), (12, "工会名称"),
        (13, "工会类型"), (13, "行政区划代码"), (13, "统一社会信用代码"), (13, "成立日期"),
        (14, "上级工会"), (15, "工会类型"), (16, "工会名称"),
    }  # fmt: skip
    messages = {(row, column): message for row, column, message in result.problems}
    assert "12" not in messages[(12, "工会名称")] and "11" in messages[(12, "工会名称")]
    assert Union.objects.count() == count


def test_a_parent_name_borne_by_two_unions_is_ambiguous(world: World) -> None:
    for area in ("320302003", "320302004"):
        place = Area.objects.create(code=area, name=area, level="street", parent=world.a.area)
        union_add(actor=None, parent=world.a.federation, name="同名街道总工会",
                  kind=Union.Kind.STREET, area=place)  # fmt: skip
    rows = [HEADER, ["某工会", OWN, "同名街道总工会", "", "", ""]]
    result = import_file("unions", csv_bytes(rows), "unions.csv", district(world))
    assert cells_of(result.problems) == {(2, "上级工会")}
    assert "Several" in result.problems[0][2] or "多" in result.problems[0][2]


def test_a_cadre_of_another_district_cannot_touch_this_district(world: World) -> None:
    rows = [
        HEADER,
        ["插手工会", OWN, "鼓楼区街道总工会", "", "", ""],
        ["鼓楼区机械厂工会", OWN, "鼓楼区街道总工会", "", world.a.grassroots.credit_code, ""],
        ["泄露云龙区新工会", OWN, "泄露云龙区街道总工会", "320302001", "", ""],
    ]
    count = Union.objects.count()
    result = import_file("unions", csv_bytes(rows), "unions.csv", world.user("district_b"))
    assert cells_of(result.problems) == {
        (2, "上级工会"), (3, "统一社会信用代码"), (3, "上级工会"), (4, "行政区划代码"),
    }  # fmt: skip
    assert Union.objects.count() == count


def test_a_gbk_csv_from_older_office_software_is_read(world: World, new_street_area: Area) -> None:
    data = csv_bytes(branch_rows(), encoding="gbk")
    result = import_file("unions", data, "unions.csv", district(world))
    assert result.problems == [] and result.counts["create"] == 5
    assert Union.objects.filter(name="新城街道精工公司工会").exists()


def test_an_xlsx_with_a_title_english_headers_and_typed_cells(
    world: World, new_street_area: Area
) -> None:
    rows = [
        ["Name", "Kind", "Parent union", "Area code", "Unified social credit code", "成立日期"],
        [NEW_STREET, "Town or street federation", "鼓楼区总工会", 320302002, "",
         dt.date(2010, 5, 4)],
        ["新城街道联合工会", "joint", NEW_STREET, "", "", 40000],
    ]  # fmt: skip
    data = xlsx_bytes(rows, title="鼓楼区工会组织名册")
    result = import_file("unions", data, "unions.xlsx", district(world))
    assert result.problems == [] and result.counts["create"] == 2
    street = Union.objects.get(name=NEW_STREET)
    assert street.area_id == "320302002" and street.founded_on == dt.date(2010, 5, 4)
    joint = Union.objects.get(name="新城街道联合工会")
    assert joint.kind == Union.Kind.JOINT and joint.founded_on == dt.date(2009, 7, 6)


def test_a_dry_run_writes_nothing(world: World, new_street_area: Area) -> None:
    count = Union.objects.count()
    result = import_file("unions", csv_bytes(branch_rows()), "u.csv", district(world), dry_run=True)
    assert result.counts["create"] == 5 and not result.written
    assert Union.objects.count() == count


def test_the_command_imports_for_the_whole_city(
    world: World, new_street_area: Area, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "unions.csv"
    path.write_bytes(csv_bytes(branch_rows()))
    call_command("import", "unions", str(path))
    assert "5" in capsys.readouterr().out
    assert Union.objects.get(name=NEW_STREET).parent == world.a.federation
    path.write_bytes(csv_bytes([HEADER, ["插手工会", OWN, "鼓楼区街道总工会", "", "", ""]]))
    with pytest.raises(SystemExit) as exited:
        call_command("import", "unions", str(path), "--as", "district_b")
    assert exited.value.code == 1
    assert not Union.objects.filter(name="插手工会").exists()


def test_a_large_tree_is_checked_in_batches_not_row_by_row(
    world: World, django_assert_max_num_queries: Any
) -> None:
    rows = [HEADER]
    for street in range(300):
        rows.append([f"第{street}街道总工会", STREET, "鼓楼区总工会", "", "", ""])
        rows += [[f"第{street}街道第{n}联合工会", JOINT, f"第{street}街道总工会", "", "", ""]
                 for n in range(10)]  # fmt: skip
    with django_assert_max_num_queries(20):  # two batches of at most 2000 rows
        result = import_file("unions", csv_bytes(rows), "unions.csv", district(world))
    assert result.counts["create"] == 3300
    last = Union.objects.select_related("parent").get(name="第299街道第9联合工会")
    assert last.parent.parent == world.a.federation
    assert last.path == f"{last.parent.path}{last.pk}/"
