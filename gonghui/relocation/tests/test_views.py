"""The register's pages as cadres of each level and a viewer use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.conftest import World
from gonghui.core.models import AuditEntry
from gonghui.relocation.models import RelocatedWorker, ServiceKind, Status
from gonghui.relocation.services import service_add
from gonghui.relocation.tests.conftest import WANG

pytestmark = pytest.mark.django_db


def client_for(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_the_register_lists_workers_masked_and_filters_them(
    relocated: RelocatedWorker, world: World
) -> None:
    client = client_for(world, "street")
    page = client.get(reverse("relocation:list")).content.decode()
    assert "王矿工" in page and WANG not in page and relocated.masked_id_number in page
    assert "王矿工" in client.get(reverse("relocation:list"), {"served": "not_served"}).text
    assert "王矿工" not in client.get(reverse("relocation:list"), {"served": "served"}).text
    assert "王矿工" not in client.get(reverse("relocation:list"), {"industry": "steel"}).text
    assert "王矿工" not in client.get(reverse("relocation:list"), {"status": "left"}).text


def test_a_service_recorded_on_the_detail_page_takes_the_worker_off_the_unserved_list(
    relocated: RelocatedWorker, world: World
) -> None:
    client = client_for(world, "grassroots")
    assert "王矿工" in client.get(reverse("relocation:unserved")).text
    url = reverse("relocation:service_add", args=[relocated.pk])
    response = client.post(url, {"kind": ServiceKind.SKILLS, "served_on": "2024-05-01",
                                 "provider": "市职业技能培训中心"})  # fmt: skip
    assert response.status_code == 302
    detail = client.get(reverse("relocation:detail", args=[relocated.pk])).text
    assert "市职业技能培训中心" in detail
    assert "王矿工" not in client.get(reverse("relocation:unserved")).text


def test_an_impossible_service_date_shows_on_the_form_and_writes_nothing(
    relocated: RelocatedWorker, world: World
) -> None:
    client = client_for(world, "district")
    url = reverse("relocation:service_add", args=[relocated.pk])
    response = client.post(url, {"kind": ServiceKind.SKILLS, "served_on": "2010-01-01"})
    assert response.status_code == 200 and 'class="error"' in response.text
    assert not relocated.services.exists()


def test_a_cadre_registers_and_edits_a_worker(world: World) -> None:
    client = client_for(world, "district")
    response = client.post(reverse("relocation:create"), {
        "name": "刘钢", "id_number": WANG, "mobile": "", "industry": "steel",
        "employer_name": "徐州钢铁厂", "employer": "", "area": world.a.area.pk,
        "relocated_on": "2018-06-30",
    })  # fmt: skip
    worker = RelocatedWorker.objects.get()
    assert response.status_code == 302 and worker.union == world.a.federation
    edit = reverse("relocation:edit", args=[worker.pk])
    form = client.get(edit).text
    assert WANG not in form and worker.masked_id_number in form
    response = client.post(edit, {
        "name": "刘钢", "id_number": "", "mobile": "", "industry": "steel",
        "employer_name": "徐州钢铁厂", "employer": "", "area": world.a.area.pk,
        "relocated_on": "2018-06-30", "status": Status.LEFT,
    })  # fmt: skip
    worker.refresh_from_db()
    assert response.status_code == 302 and worker.status == Status.LEFT
    assert worker.id_number == WANG


def test_the_export_is_masked_and_audited(relocated: RelocatedWorker, world: World) -> None:
    response = client_for(world, "district").get(reverse("relocation:export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "王矿工" in body and WANG not in body and relocated.masked_id_number in body
    assert AuditEntry.objects.filter(action="relocation.export").count() == 1


def test_another_subtree_gets_404_for_every_page_of_a_worker(
    relocated: RelocatedWorker, world: World
) -> None:
    client = client_for(world, "district_b")
    for name in ("detail", "edit"):
        assert client.get(reverse(f"relocation:{name}", args=[relocated.pk])).status_code == 404
    url = reverse("relocation:service_add", args=[relocated.pk])
    response = client.post(url, {"kind": ServiceKind.SKILLS, "served_on": "2024-05-01"})
    assert response.status_code == 404
    assert "王矿工" not in client.get(reverse("relocation:list")).text
    assert not relocated.services.exists()


def test_a_viewer_reads_but_changes_nothing(relocated: RelocatedWorker, world: World) -> None:
    client = client_for(world, "viewer")
    detail = client.get(reverse("relocation:detail", args=[relocated.pk])).text
    assert "王矿工" in detail and "served_on" not in detail
    assert client.get(reverse("relocation:create")).status_code == 403
    assert client.get(reverse("relocation:edit", args=[relocated.pk])).status_code == 403
    url = reverse("relocation:service_add", args=[relocated.pk])
    assert client.post(url, {"kind": "skills", "served_on": "2024-05-01"}).status_code == 403
    assert not relocated.services.exists()


def test_a_left_worker_gets_no_service_form(relocated: RelocatedWorker, world: World) -> None:
    service_add(actor=world.user("district"), worker=relocated, kind=ServiceKind.HARDSHIP,
                served_on=dt.date(2024, 1, 1))  # fmt: skip
    RelocatedWorker.objects.filter(pk=relocated.pk).update(status=Status.LEFT)
    detail = client_for(world, "district").get(reverse("relocation:detail", args=[relocated.pk]))
    assert "served_on" not in detail.text and "2024" in detail.text
