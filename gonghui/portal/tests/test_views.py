"""A worker sees their own applications, transfers and files only, and no organisation data
anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.cases.services import case_attach, case_transition
from gonghui.cases.tests.test_files import PDF_BYTES
from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry
from gonghui.core.tests.test_scope_walk import find_leaks
from gonghui.portal.services import application_submit, identity_prove, transfer_request
from gonghui.portal.tests.conftest import enrol, sign_up

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_worker_cannot_see_another_workers_application(
    world: World, worker: Any, outbox: list
) -> None:
    case = application_submit(actor=worker, employer=world.a.employer)
    assert signed_in(worker).get(f"/portal/my/{case.pk}/").status_code == 200
    other = sign_up(outbox, "13900004444")
    assert signed_in(other).get(f"/portal/my/{case.pk}/").status_code == 404
    assert case.title not in signed_in(other).get("/portal/my/").content.decode()


def test_a_worker_sees_no_cadre_list(world: World, worker: Any) -> None:
    case = application_submit(actor=worker, employer=world.a.employer)
    client = signed_in(worker)
    for url in ("/members/", "/employers/", "/unions/", "/cases/", "/cases/overdue/", "/kpi/"):
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert world.a.member.name not in page and world.a.employer.name not in page, url
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.post(f"/cases/{case.pk}/act/", {"transition": "approve"}).status_code == 403


def test_no_page_shows_organisation_data_to_a_worker(world: World, worker: Any) -> None:
    assert find_leaks(world, ["worker"]) == []
    assert find_leaks(world, ["worker"], sibling=world.a) == []


def test_cadres_are_kept_out_of_the_worker_pages(world: World) -> None:
    assert signed_in(world.user("grassroots")).get("/portal/apply/").status_code == 403
    assert Client().get("/portal/my/")["Location"].startswith("/portal/signin/")


def test_my_page_lists_applications_and_transfers(world: World, worker: Any) -> None:
    joined = application_submit(actor=worker, employer=world.a.employer)
    case_transition(actor=world.user("grassroots"), case=joined, transition="approve")
    moving = transfer_request(actor=worker, employer=world.b.employer)
    page = signed_in(worker).get("/portal/my/", headers={"Accept-Language": "en"})
    text = page.content.decode()
    assert joined.title in text and moving.title in text
    assert "Membership application" in text and "Membership transfer" in text


def test_a_transfer_is_seen_by_its_worker_and_the_receiving_subtree_only(
    world: World, worker: Any, outbox: list
) -> None:
    enrol(world, world.b.employer)
    case = transfer_request(actor=worker, employer=world.a.employer)
    assert signed_in(worker).get(f"/portal/my/{case.pk}/").status_code == 200
    assert (
        signed_in(sign_up(outbox, "13900004444")).get(f"/portal/my/{case.pk}/").status_code == 404
    )
    assert signed_in(world.user("street")).get(f"/cases/{case.pk}/").status_code == 200
    left_behind = signed_in(world.user("district_b"))  # told of it, but sees no case
    assert left_behind.get(f"/cases/{case.pk}/").status_code == 404


def test_a_worker_downloads_the_files_of_their_own_case_only(
    world: World, worker: Any, outbox: list
) -> None:
    case = application_submit(actor=worker, employer=world.a.employer)
    upload = SimpleUploadedFile("劳动合同.pdf", PDF_BYTES, "application/pdf")
    attachment = case_attach(actor=world.user("grassroots"), case=case, upload=upload)
    stranger = sign_up(outbox, "13900004444")
    identity_prove(actor=stranger, name="赵六", id_number=resident_id("320302", "19960606", 44))
    other = application_submit(actor=stranger, employer=world.a.employer)
    client = signed_in(worker)
    url = f"/portal/my/{case.pk}/files/{attachment.pk}/"
    assert f'href="{url}"' in client.get(f"/portal/my/{case.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="case.download")
    assert entry.actor == worker and entry.object_id == str(case.pk)
    assert client.get(f"/portal/my/{other.pk}/files/{attachment.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/files/{attachment.pk}/").status_code == 403  # a cadre page
    assert signed_in(stranger).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="case.download").count() == 1
