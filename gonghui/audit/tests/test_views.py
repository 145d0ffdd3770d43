"""The auditor searches, opens, exports and verifies the trail; nobody else gets in, and each
look at the trail is itself on the trail."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.conftest import World
from gonghui.core import chain, tasks
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _body(response: object) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("username", ["city", "district", "viewer", "sysadmin", "secadmin"])
def test_only_the_auditor_opens_the_audit_pages(
    world: World, auditor: User, secadmin: User, username: str
) -> None:
    entry = AuditEntry.objects.first()
    user = secadmin if username == "secadmin" else world.user(username)
    client = _client(user)
    for url in ("/audit/", f"/audit/{entry.pk}/", "/audit/export/?format=csv"):
        assert client.get(url).status_code == 403
    assert client.post("/audit/verify/").status_code == 403
    assert _client(auditor).get("/audit/", follow=True).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get("/audit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_auditor_searches_by_each_field(world: World, auditor: User) -> None:
    member = world.a.member
    refused = AuditEntry.objects.create(
        actor=world.user("viewer"), action="member.reveal", object_type="members.member",
        object_id=str(member.pk), result="refused", remote_addr="10.1.2.3",
    )  # fmt: skip
    client = _client(auditor)

    def found(query: str) -> set[int]:
        page = client.get(f"/audit/?{query}", follow=True).context["page"]
        return {entry.pk for entry in page.rows}

    assert found("actor=VIEWER") == {refused.pk}
    assert found("action=member.rev") == {refused.pk}
    assert found("result=refused") == {refused.pk}
    assert found("remote_addr=10.1.2.3") == {refused.pk}
    assert refused.pk in found(f"object_type=members.member&object_id={member.pk}")
    today = timezone.localdate().isoformat()
    assert refused.pk in found(f"date_from={today}&date_to={today}")
    assert found("date_to=2000-01-01") == set()


def test_the_list_is_newest_first_and_paged(world: World, auditor: User, settings: object) -> None:
    settings.GONGHUI_PAGE_SIZE = 5  # type: ignore[attr-defined]
    client = _client(auditor)
    response = client.get("/audit/", follow=True)
    first = response.context["page"]
    ids = [entry.pk for entry in first.rows]
    assert ids == sorted(ids, reverse=True) and first.has_next
    # Each page viewed is a new entry: the next page still follows on from the first.
    second = client.get(
        f"{response.request['PATH_INFO']}?{response.request['QUERY_STRING']}&page=2"
    ).context["page"]
    assert max(entry.pk for entry in second.rows) < min(ids)


def test_a_bad_filter_is_shown_and_filters_nothing(world: World, auditor: User) -> None:
    response = _client(auditor).get("/audit/?remote_addr=not-an-address", follow=True)
    assert response.status_code == 200
    assert response.context["filters"].errors["remote_addr"]
    assert response.context["page"].rows


def test_each_look_at_the_trail_is_audited(world: World, auditor: User) -> None:
    client = _client(auditor)
    client.get("/audit/?action=member.&page=1", follow=True)
    viewed = AuditEntry.objects.filter(action="audit.view").latest("id")
    assert viewed.actor == auditor
    assert viewed.detail["filters"]["action"] == "member."
    entry = AuditEntry.objects.filter(action="member.create").first()
    client.get(f"/audit/{entry.pk}/")
    opened = AuditEntry.objects.filter(action="audit.view").latest("id")
    assert opened.object_id == str(entry.pk)


def test_an_entry_shows_its_fields_and_its_place_in_the_chain(world: World, auditor: User) -> None:
    entry = AuditEntry.objects.filter(action="member.create").first()
    client = _client(auditor)
    response = client.get(f"/audit/{entry.pk}/")
    assert "member.create" in response.content.decode()
    assert response.context["entry"].sealed is False
    chain.seal()
    entry.refresh_from_db()
    page = client.get(f"/audit/{entry.pk}/").content.decode()
    assert entry.hash in page and str(entry.seq) in page
    assert client.get("/audit/987654321/").status_code == 404


def test_the_auditor_only_reads(world: World, auditor: User) -> None:
    client = _client(auditor)
    entry = AuditEntry.objects.first()
    for url in ("/audit/", f"/audit/{entry.pk}/", "/audit/export/"):
        assert client.post(url).status_code == 405
    assert client.get("/audit/verify/").status_code == 405


def test_the_export_holds_the_filtered_entries_and_is_audited(world: World, auditor: User) -> None:
    response = _client(auditor).get("/audit/export/?action=member.create&format=csv")
    rows = list(csv.reader(io.StringIO(_body(response))))
    assert len(rows) == 1 + AuditEntry.objects.filter(action="member.create").count()
    assert {row[3] for row in rows[1:]} == {"member.create"}
    exported = AuditEntry.objects.filter(action="audit.export").get()
    assert exported.actor == auditor
    assert exported.detail["filters"] == {"action": "member.create"}
    assert exported.detail["rows"] == len(rows) - 1


def test_verifying_the_chain_shows_an_intact_trail_and_is_audited(
    world: World, auditor: User
) -> None:
    client = _client(auditor)  # signing in is on the trail too
    chain.seal()
    count = AuditEntry.objects.count()
    response = client.post("/audit/verify/")
    assert response.context["findings"] == []
    verified = AuditEntry.objects.get(action="audit.verify")
    assert verified.result == "ok"
    assert AuditEntry.objects.count() == count + 1


def test_verifying_the_chain_shows_its_findings(
    world: World, auditor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "UNSEALED_AFTER", dt.timedelta(0))
    response = _client(auditor).post("/audit/verify/")
    findings = response.context["findings"]
    assert [finding.kind for finding in findings] == ["unsealed"]
    assert findings[0].message in response.content.decode()
    assert AuditEntry.objects.get(action="audit.verify").result == "failed"
