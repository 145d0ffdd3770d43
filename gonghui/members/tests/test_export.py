"""Exports of lists: scoped, masked unless unmasked by permission, audited, CSV-safe."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def download(world: World, username: str, url: str) -> str:
    client = Client()
    client.force_login(world.user(username))
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_member_export_is_scoped_and_masked(world: World) -> None:
    text = download(world, "district", "/members/export/?format=csv")
    assert "张三" in text and "泄露李四" not in text
    assert "320302********" in text
    assert resident_id("320302", "19900101", 11) not in text
    assert "138****5678" in text


def test_each_export_is_audited_with_its_filter_and_row_count(world: World) -> None:
    download(world, "district", "/members/export/?format=csv&q=zs")
    entry = AuditEntry.objects.get(action="members.export")
    assert entry.actor == world.user("district")
    assert entry.detail["rows"] == 1 and entry.detail["filters"]["q"] == "zs"
    assert entry.detail["unmasked"] is False


def test_only_a_user_who_may_unmask_gets_full_numbers_and_that_is_recorded(world: World) -> None:
    masked = download(world, "district", "/members/export/?format=csv&unmask=1")
    assert resident_id("320302", "19900101", 11) not in masked
    city = world.user("city")
    city.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    full = download(world, "city", "/members/export/?format=csv&unmask=1")
    assert resident_id("320302", "19900101", 11) in full
    assert AuditEntry.objects.filter(action="members.export", detail__unmasked=True).count() == 1


def test_the_employer_export_has_the_statistics_columns(world: World) -> None:
    text = download(world, "district", "/employers/export/?format=csv")
    header = text.splitlines()[0]
    for title in ["统一社会信用代码", "单位名称", "行政区划代码", "经济类型", "职工人数",
                  "是否建会", "覆盖工会", "职代会", "集体合同有效"]:  # fmt: skip
        assert title in header, title
    assert world.a.bare_employer.name in text and world.b.employer.name not in text


def test_the_union_export_is_scoped(world: World) -> None:
    text = download(world, "street", "/unions/export/?format=csv")
    assert world.a.grassroots.name in text
    assert world.a.federation.name not in text.split("\n", 1)[1].split(",")[0]
    assert world.b.grassroots.name not in text


def test_an_xlsx_export_downloads_as_a_workbook(world: World) -> None:
    client = Client()
    client.force_login(world.user("district"))
    response = client.get("/employers/export/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_forged_format_is_refused_and_nothing_is_audited(world: World) -> None:
    client = Client()
    client.force_login(world.user("district"))
    assert client.get("/members/export/?format=exe").status_code == 400
    assert not AuditEntry.objects.filter(action="members.export").exists()
