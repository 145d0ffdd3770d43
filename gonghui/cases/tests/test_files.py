"""Downloading a case's file: only for those who see the case (or the worker whose case it is),
only a file of that very case, never rendered by the browser, always audited."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.cases.models import Attachment, Case
from gonghui.cases.services import case_attach
from gonghui.conftest import World
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def attach(world: World, case: Case, username: str = "grassroots") -> Attachment:
    upload = SimpleUploadedFile("低保证明.html", PDF_BYTES, "text/html")  # the bytes decide
    return case_attach(actor=world.user(username), case=case, upload=upload)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def downloads() -> int:
    return AuditEntry.objects.filter(action="case.download").count()


def test_a_cadre_who_sees_the_case_downloads_the_file(world: World, case: Case) -> None:
    attachment = attach(world, case)
    response = signed_in(world.user("viewer")).get(f"/cases/{case.pk}/files/{attachment.pk}/")
    assert response.status_code == 200 and body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"  # as sniffed, not as uploaded
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and quote("低保证明.html") in disposition
    entry = AuditEntry.objects.get(action="case.download")
    assert entry.actor == world.user("viewer") and entry.object_id == str(case.pk)
    assert entry.detail["attachment"] == attachment.pk
    assert entry.detail["file"] == "低保证明.html"


def test_the_timeline_links_the_file(world: World, case: Case) -> None:
    attachment = attach(world, case)
    page = signed_in(world.user("street")).get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/files/{attachment.pk}/"' in page


def test_another_subtree_gets_404_and_nothing_is_audited(
    world: World, case: Case, case_b: Case
) -> None:
    attachment_b = attach(world, case_b, "district_b")
    client = signed_in(world.user("district"))
    assert client.get(f"/cases/{case_b.pk}/files/{attachment_b.pk}/").status_code == 404
    assert downloads() == 0


def test_a_file_of_another_case_is_not_found_through_a_visible_case(
    world: World, case: Case, case_b: Case
) -> None:
    attachment_b = attach(world, case_b, "district_b")
    own = attach(world, case)
    city = signed_in(world.user("city"))  # sees both cases, yet each file only under its own
    assert city.get(f"/cases/{case.pk}/files/{attachment_b.pk}/").status_code == 404
    assert city.get(f"/cases/{case_b.pk}/files/{own.pk}/").status_code == 404
    grassroots = signed_in(world.user("grassroots"))
    assert grassroots.get(f"/cases/{case.pk}/files/{attachment_b.pk}/").status_code == 404
    assert grassroots.get(f"/cases/{case.pk}/files/{own.pk + 1000}/").status_code == 404
    assert downloads() == 0


def test_a_file_whose_bytes_are_gone_is_not_found(world: World, case: Case) -> None:
    attachment = attach(world, case)
    attachment.file.delete(save=False)
    client = signed_in(world.user("grassroots"))
    assert client.get(f"/cases/{case.pk}/files/{attachment.pk}/").status_code == 404
    assert downloads() == 0


def test_a_download_is_read_only(world: World, case: Case) -> None:
    attachment = attach(world, case)
    client = signed_in(world.user("grassroots"))
    assert client.post(f"/cases/{case.pk}/files/{attachment.pk}/").status_code == 405
