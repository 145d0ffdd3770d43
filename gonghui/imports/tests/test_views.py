"""Import pages: upload → background job → progress → problems and report → import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from python_calamine import CalamineWorkbook

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry
from gonghui.imports import services
from gonghui.imports.models import ImportJob
from gonghui.members.models import Member
from gonghui.testing.imports import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "身份证号", "手机号", "统一社会信用代码", "入会日期"]


def roster(world: World, id_number: str) -> bytes:
    code = world.a.employer.credit_code
    rows = [HEADER, ["陈一", id_number, "13812345678", code, "2013-07-20"],
            ["林二", resident_id("320302", "19920202", 124), "", code, "2014-01-02"]]  # fmt: skip
    return csv_bytes(rows, "gbk")


@pytest.fixture
def cadre(world: World) -> Client:
    client = Client()
    client.force_login(world.user("district"))
    return client


def upload(client: Client, data: bytes, *, name: str = "花名册.csv", dry_run: bool = False,
           kind: str = "members") -> ImportJob | None:  # fmt: skip
    form = {"kind": kind, "file": SimpleUploadedFile(name, data)}
    if dry_run:
        form["dry_run"] = "on"
    response = client.post("/imports/", form)
    if response.status_code != 302:
        return None
    return ImportJob.objects.get(pk=response.url.strip("/").rsplit("/", 1)[-1])


def work(job: ImportJob) -> ImportJob:
    """What the background worker does with a queued job."""
    services.job_run(job.pk)
    job.refresh_from_db()
    return job


def test_an_upload_queues_a_background_task_and_shows_its_progress(
    world: World, cadre: Client, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        job = upload(cadre, roster(world, resident_id("320302", "19900101", 123)))
    assert job is not None and job.state == ImportJob.State.QUEUED and job.rows_expected == 3
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [job.pk]
    page = cadre.get(f"/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page  # polls while queued; a reload shows the same
    work(job)
    progress = cadre.get(f"/imports/{job.pk}/progress/")
    assert progress["HX-Refresh"] == "true"  # finished: the page reloads with the results
    assert Member.objects.filter(name__in=["陈一", "林二"]).count() == 2
    assert job.written and job.counts["create"] == 2


def test_a_bad_file_shows_its_problems_writes_nothing_and_offers_the_report(
    world: World, cadre: Client
) -> None:
    job = work(upload(cadre, roster(world, "3.20302199001011E+17")))
    assert not job.written and job.bad_rows == 1 and Member.objects.count() == 2
    page = cadre.get(f"/imports/{job.pk}/").content.decode()
    assert "Excel" in page and "身份证号" in page and "未写入" in page
    # The cadre may not unmask: the rows as read show personal data masked.
    assert "3.20302199001011E+17" not in page and "138****5678" in page
    assert "13812345678" not in page
    response = cadre.get(f"/imports/{job.pk}/report/")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    assert book.get_sheet_by_index(0).to_python()[1][:2] == [2.0, "身份证号"]
    assert AuditEntry.objects.filter(action="import.report", object_id=str(job.pk)).exists()


def test_a_clean_dry_run_is_imported_from_its_page_without_uploading_again(
    world: World, cadre: Client
) -> None:
    checked = work(upload(cadre, roster(world, resident_id("320302", "19900101", 123)),
                          dry_run=True))  # fmt: skip
    assert checked.ok and not checked.written and Member.objects.count() == 2
    assert "导入此文件" in cadre.get(f"/imports/{checked.pk}/").content.decode()
    response = cadre.post(f"/imports/{checked.pk}/import/")
    job = work(ImportJob.objects.get(pk=response.url.strip("/").rsplit("/", 1)[-1]))
    assert job.written and Member.objects.count() == 4


def test_a_wrong_file_type_is_refused_on_the_form(world: World, cadre: Client) -> None:
    form = {"kind": "members", "file": SimpleUploadedFile("roster.xls", b"x")}
    response = cadre.post("/imports/", form)
    assert response.status_code == 200 and ".xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_viewers_cannot_open_the_upload_page(world: World) -> None:
    client = Client()
    client.force_login(world.user("viewer"))
    assert client.get("/imports/").status_code == 403


def test_a_job_whose_worker_died_says_it_was_interrupted(world: World, cadre: Client) -> None:
    job = upload(cadre, roster(world, resident_id("320302", "19900101", 123)))
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.CHECKING, updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    page = cadre.get(f"/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' not in page and "中断" in page


def test_the_template_has_the_headers_a_dropdown_and_an_example(cadre: Client) -> None:
    response = cadre.get("/imports/template/?kind=members")
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[0][:5] == ["姓名", "身份证号", "手机号码", "所在单位的统一社会信用代码", "入会日期"]
    assert rows[1][1] == "11010519491231002X"  # kept as text, not 1.1E+17
    assert b"dataValidation" in _sheet_xml(data)
    assert cadre.get("/imports/template/?kind=nothing").status_code == 404


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml")


def test_an_uploaded_file_is_kept_only_while_it_may_still_be_imported(
    world: World, cadre: Client
) -> None:
    bad = work(upload(cadre, roster(world, "3.20302199001011E+17")))
    assert not (services.uploads_dir() / bad.stored_name).exists()
    checked = work(upload(cadre, roster(world, resident_id("320302", "19900101", 123)),
                          dry_run=True))  # fmt: skip
    stored = services.uploads_dir() / checked.stored_name
    assert stored.exists()
    job = work(services.job_import_checked(actor=world.user("district"), job=checked))
    assert job.written and not stored.exists()
    with pytest.raises(ValidationError, match="重新上传"):
        services.job_import_checked(actor=world.user("district"), job=checked)


@pytest.mark.parametrize("kind", ["members", "employers", "unions"])
def test_every_template_is_read_back_by_its_own_import(
    world: World, cadre: Client, kind: str
) -> None:
    data = b"".join(cadre.get(f"/imports/template/?kind={kind}").streaming_content)
    job = work(upload(cadre, data, name="template.xlsx", kind=kind, dry_run=True))
    # The headers are all recognised: problems, if any, are about the example's values
    # (an employer the demo does not have), never a missing column.
    assert not job.file_error and job.rows_checked == 1


def test_the_problems_are_written_in_the_uploaders_language(world: World, cadre: Client) -> None:
    cadre.cookies["django_language"] = "en"
    job = upload(cadre, roster(world, "3.20302199001011E+17"))
    with translation.override("zh-hans"):  # the worker's own language is the default one
        work(job)
    assert job.language == "en" and "damaged by Excel" in job.problems[0][3]
