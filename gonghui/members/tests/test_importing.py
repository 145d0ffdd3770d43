"""The member roster import: every rule a cadre meets with a real roster, end to end."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from python_calamine import CalamineWorkbook

from gonghui.conftest import World, credit_code, resident_id
from gonghui.core import crypto
from gonghui.core.models import AuditEntry
from gonghui.employers.models import Employer
from gonghui.imports.engine import Outcome, run_import
from gonghui.imports.report import write_report
from gonghui.members.importing import MemberImporter
from gonghui.members.models import Member, Transfer
from gonghui.orgs.models import Union
from gonghui.orgs.services import union_add
from gonghui.testing.imports import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English here; the Chinese ones in the report test."""
    with translation.override("en"):
        yield


HEADER = ["序号", "姓名", "公民身份号码", "手机号码", "单位统一社会信用代码", "入会时间", "性别",
          "是否农民工", "备注"]  # fmt: skip
ZHANG = resident_id("320302", "19900101", 123)  # male
LI = resident_id("320302", "19920202", 124)  # female
WANG = resident_id("320303", "19850303", 125)


def roster(world: World, *rows: list) -> list[list]:
    code = world.a.employer.credit_code
    return [HEADER, *[[index, *row[:3], row[3] or code, *row[4:]] for index, row in
                      enumerate(rows, start=1)]]  # fmt: skip


def good_rows(world: World) -> list[list]:
    return roster(
        world,
        ["陈一", ZHANG, "138 1234 5678", None, "2013/7/20", "男", "否", ""],
        ["林二", LI.lower(), "", None, "2013年07月20日", "", "是", "调入"],
    )


def run(world: World, data: bytes, name: str = "roster.csv", *, user: str = "district",
        dry_run: bool = False) -> Outcome:  # fmt: skip
    actor = world.user(user)
    importer = MemberImporter(actor=actor, scope=actor.scope)
    return run_import(importer, io.BytesIO(data), name, dry_run=dry_run)


def problems(outcome: Outcome) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for _n, _c, errors in outcome.bad_row_list()
            for e in errors]  # fmt: skip


def nothing_imported() -> bool:
    """Only the world's two members exist."""
    return Member.objects.count() == 2


def test_a_good_gbk_roster_imports_every_person_into_the_employers_union(world: World) -> None:
    outcome = run(world, csv_bytes(good_rows(world), "gbk"))
    assert outcome.ok and outcome.written, problems(outcome)
    assert outcome.counts == {"create": 2, "update": 0, "unchanged": 0}
    li = Member.objects.get(name="林二")
    assert li.id_number == LI  # lowercase x made upper, full ID encrypted and found again
    assert (li.union, li.employer, li.gender) == (world.a.grassroots, world.a.employer, "F")
    assert li.joined_on == dt.date(2013, 7, 20) and li.is_migrant_worker
    assert Member.objects.get(name="陈一").mobile == "13812345678"
    entry = AuditEntry.objects.get(action="members.import")
    assert entry.actor == world.user("district") and entry.detail["create"] == 2


def test_an_xlsx_with_a_merged_title_and_excel_dates_imports(world: World) -> None:
    rows = good_rows(world)
    rows[1][5] = dt.date(2013, 7, 20)
    data = xlsx_bytes(rows, title="鼓楼区某单位会员花名册")
    outcome = run(world, data, "花名册.xlsx")
    assert outcome.ok and outcome.counts["create"] == 2, problems(outcome)
    assert Member.objects.get(name="陈一").joined_on == dt.date(2013, 7, 20)


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(world: World) -> None:
    outcome = run(world, csv_bytes(good_rows(world)), dry_run=True)
    assert outcome.ok and not outcome.written and outcome.counts["create"] == 2
    assert nothing_imported()


def test_reimporting_the_same_file_changes_nothing(world: World) -> None:
    data = csv_bytes(good_rows(world))
    run(world, data)
    stamps = list(Member.objects.order_by("id").values_list("id", "updated_at"))
    again = run(world, data)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert list(Member.objects.order_by("id").values_list("id", "updated_at")) == stamps


def test_a_changed_row_is_reported_as_an_update_and_blank_cells_keep_what_is_stored(
    world: World,
) -> None:
    run(world, csv_bytes(good_rows(world)))
    rows = good_rows(world)
    rows[1][1] = "陈壹"  # corrected name
    rows[1][3] = ""  # mobile left blank: keep the stored one
    rows[1][7] = ""  # migrant flag left blank
    outcome = run(world, csv_bytes(rows))
    assert outcome.counts == {"create": 0, "update": 1, "unchanged": 1}
    zhang = Member.objects.get(id_blind=Member.objects.get(name="陈壹").id_blind)
    assert zhang.mobile == "13812345678" and zhang.name_initials == "cy"
    assert Member.objects.filter(name="陈一").count() == 0


def test_a_member_at_another_employer_moves_with_a_transfer(world: World) -> None:
    run(world, csv_bytes(good_rows(world)))
    other = union_add(actor=None, parent=world.a.street, name="鼓楼区另一工会",
                      kind=Union.Kind.GRASSROOTS, area=world.a.street_area)  # fmt: skip
    employer = Employer.objects.create(
        credit_code=credit_code("320302", 9), name="另一厂", ownership="private", industry="C",
        headcount=30, area=world.a.street_area, union=other,
    )  # fmt: skip
    rows = good_rows(world)
    rows[1][4] = employer.credit_code
    outcome = run(world, csv_bytes(rows))
    assert outcome.counts["update"] == 1
    zhang = Member.objects.get(name="陈一")
    assert zhang.union == other
    transfer = Transfer.objects.get(member=zhang)
    assert (transfer.from_union, transfer.to_union) == (world.a.grassroots, other)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (3.20302199001011e17, "damaged by Excel"),  # stored as a number
        ("320302199001011000", "damaged by Excel"),  # the number's digits pasted back as text
        ("32030219900101123", "18 characters"),
        (resident_id("320302", "19900101", 123)[:-1] + "0", "wrong check character"),
        ("320302199013011234", "impossible birth date"),
    ],
)
def test_a_wrong_id_number_is_an_error_that_says_why(world: World, cell: object,
                                                     expected: str) -> None:  # fmt: skip
    rows = good_rows(world)
    rows[2][2] = cell
    outcome = run(world, xlsx_bytes(rows), "roster.xlsx")
    assert not outcome.written and nothing_imported()
    [(row, column, message)] = problems(outcome)
    assert (row, column) == (3, "公民身份号码")
    assert expected in message


def test_every_problem_of_a_bad_file_is_reported_and_nothing_is_written(world: World) -> None:
    rows = roster(
        world,
        ["陈一", ZHANG, "12345", None, "2013-07-20", "女", "否", ""],  # mobile, gender
        ["林二", LI, "", world.b.employer.credit_code, "2013-07-20", "", "", ""],  # outside
        ["王五", WANG, "", world.a.bare_employer.credit_code, "2099-01-01", "", "", ""],
        ["赵六", ZHANG, "", credit_code("320302", 77), "20130720", "", "也许", ""],
        ["钱七", world.a.member.id_number, "", None, "2013.7.20", "", "", ""],
    )
    rows.insert(5, [""] * len(HEADER))  # a blank line is skipped, not an error
    outcome = run(world, csv_bytes(rows, "gbk"))
    assert not outcome.written and outcome.bad_rows == 4 and outcome.counts["update"] == 1
    found = problems(outcome)
    assert (2, "手机号码") in [(row, column) for row, column, _m in found]
    messages = {(row, column): message for row, column, message in found}
    assert "does not match the ID" in messages[2, "性别"]
    assert "outside your part" in messages[3, "单位统一社会信用代码"]
    assert "No union covers" in messages[4, "单位统一社会信用代码"]
    assert "future" in messages[4, "入会时间"]
    assert "Repeats row 2" in messages[5, "公民身份号码"]
    assert "register the employer first" in messages[5, "单位统一社会信用代码"]
    assert "neither 是 nor 否" in messages[5, "是否农民工"]
    assert nothing_imported()


def test_a_person_who_is_a_member_in_another_subtree_is_refused(world: World) -> None:
    rows = roster(world, ["某某", world.b.member.id_number, "", None, "2013-07-20", "", "", ""])
    outcome = run(world, csv_bytes(rows))
    [(row, column, message)] = problems(outcome)
    assert (row, column) == (2, "公民身份号码") and "outside your part" in message


def test_the_report_lists_problems_and_the_rows_to_correct(world: World) -> None:
    rows = good_rows(world)
    rows[2][2] = "320302199001011000"
    outcome = run(world, csv_bytes(rows))
    stream = io.BytesIO()
    with translation.override("zh-hans"):
        write_report(outcome, stream, unmasked=False)
    book = CalamineWorkbook.from_filelike(io.BytesIO(stream.getvalue()))
    listed = book.get_sheet_by_index(0).to_python()
    assert listed[0] == ["行号", "列", "值", "错误"]
    assert listed[1][:3] == [3.0, "公民身份号码", "320302********1000"]  # masked
    originals = book.get_sheet_by_index(1).to_python()
    assert originals[0] == ["行号", *HEADER] and originals[1][2] == "林二"


def test_a_broken_or_headerless_file_is_refused_as_a_whole(world: World) -> None:
    assert "cannot be opened" in run(world, b"PK\x03\x04junk", "roster.xlsx").file_error
    assert "No header row" in run(world, csv_bytes([["a", "b"], ["1", "2"]])).file_error
    assert "Only .xlsx and .csv" in run(world, b"x", "roster.xls").file_error


def test_a_viewer_may_not_import(world: World) -> None:
    outcome = run(world, csv_bytes(good_rows(world)), user="viewer")
    assert not outcome.written and "may read the registry" in outcome.file_error


def test_the_command_exits_0_1_or_2_and_writes_a_report(world: World, tmp_path, capsys) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes(good_rows(world), "gbk"))
    rows = good_rows(world)
    rows[1][2] = "3.20302199001011E+17"
    bad.write_bytes(csv_bytes(rows))
    report = tmp_path / "report.xlsx"
    with pytest.raises(SystemExit) as exit_bad:
        call_command("import", "members", str(bad), "--report", str(report))
    assert exit_bad.value.code == 1 and report.stat().st_size > 0
    assert "damaged by Excel" in capsys.readouterr().err
    call_command("import", "members", str(good), "--dry-run")
    assert nothing_imported()
    call_command("import", "members", str(good), "--as", "district")
    assert "2 rows imported: 2 new" in capsys.readouterr().out
    with pytest.raises(CommandError) as missing:
        call_command("import", "members", str(tmp_path / "none.csv"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as unknown:
        call_command("import", "members", str(good), "--as", "nobody")
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as viewer:
        call_command("import", "members", str(good), "--as", "viewer")
    assert viewer.value.returncode == 2


def test_a_failure_while_writing_leaves_the_registry_as_it_was(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = good_rows(world)
    rows.append([3, "张叁", world.a.member.id_number, "", world.a.employer.credit_code,
                 "2013-07-20", "", "", ""])  # fmt: skip
    monkeypatch.setattr("gonghui.members.importing.update_rows", _die)  # after the creates
    with pytest.raises(RuntimeError):
        run(world, csv_bytes(rows))
    assert nothing_imported() and Member.objects.get(pk=world.a.member.pk).name == "张三"
    assert not AuditEntry.objects.filter(action="members.import").exists()


def test_a_person_registered_by_someone_else_meanwhile_stops_the_whole_write(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = good_rows(world)
    rows.append([3, "张三", world.a.member.id_number, "", world.a.employer.credit_code,
                 "2013-07-20", "", "", ""])  # fmt: skip
    # As if the check ran before another cadre registered 张三: the unique index catches it.
    monkeypatch.setattr(MemberImporter, "_stored", lambda self, rows: _no_one(rows))
    outcome = run(world, csv_bytes(rows))
    assert not outcome.written and "registry changed" in outcome.file_error
    assert nothing_imported()


def _die(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the process died here")


def _no_one(rows: list) -> dict:
    for row in rows:
        row.values["id_blind"] = crypto.blind_index(row.values["id_number"].number)
    return {}


def test_a_larger_write_cache_imports_the_same(world: World, settings: object) -> None:
    settings.GONGHUI_IMPORT_CACHE_MB = 16  # type: ignore[attr-defined]
    outcome = run(world, csv_bytes(good_rows(world)))
    assert outcome.written and Member.objects.filter(name__in=["陈一", "林二"]).count() == 2
