"""Member pages as a cadre uses them: search, masked data, join with bad input, transfer."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.conftest import World, resident_id
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_the_list_shows_masked_personal_data_only(world: World) -> None:
    page = signed_in(world, "district").get("/members/").content.decode()
    assert "张三" in page
    assert "320302********0118"[:6] in page and "********" in page
    assert resident_id("320302", "19900101", 11) not in page
    assert "138****5678" in page and "13812345678" not in page


def test_the_detail_page_masks_even_for_a_user_who_may_unmask(world: World) -> None:
    page = signed_in(world, "city").get(f"/members/{world.a.member.pk}/").content.decode()
    assert resident_id("320302", "19900101", 11) not in page
    assert "138****5678" in page


def test_unmasking_shows_the_number_and_writes_an_audit_entry(world: World) -> None:
    world.user("city").user_permissions.add(_unmask_permission())
    client = signed_in(world, "city")
    response = client.post(f"/members/{world.a.member.pk}/reveal/")
    assert resident_id("320302", "19900101", 11) in response.content.decode()
    entry = AuditEntry.objects.get(action="member.unmask")
    assert entry.actor == world.user("city") and entry.result == "ok"


def test_unmasking_without_the_permission_is_refused_and_audited(world: World) -> None:
    response = signed_in(world, "district").post(f"/members/{world.a.member.pk}/reveal/")
    assert response.status_code == 403
    assert resident_id("320302", "19900101", 11) not in response.content.decode()
    assert AuditEntry.objects.get(action="member.unmask").result == "refused"


def test_joining_with_a_wrong_checksum_says_why_in_chinese_and_writes_nothing(
    world: World,
) -> None:
    count = Member.objects.count()
    response = signed_in(world, "grassroots").post(
        "/members/new/",
        {
            "name": "赵六",
            "id_number": "320302199202020331",
            "mobile": "13900001111",
            "employer": world.a.employer.credit_code,
            "joined_on": "2024-05-01",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert Member.objects.count() == count


def test_joining_a_second_time_is_refused_with_the_union_named(world: World) -> None:
    response = signed_in(world, "grassroots").post(
        "/members/new/",
        {
            "name": "张三",
            "id_number": resident_id("320302", "19900101", 11),
            "mobile": "13900001111",
            "employer": world.a.employer.credit_code,
            "joined_on": "2024-05-01",
            "consent": "on",
        },
    )
    assert world.a.grassroots.name in response.content.decode()
    assert Member.objects.filter(name="张三").count() == 1


def test_joining_through_the_page_creates_the_member(world: World) -> None:
    response = signed_in(world, "grassroots").post(
        "/members/new/",
        {
            "name": "赵六",
            "id_number": resident_id("320302", "19950505", 55),
            "mobile": "139-0000-2222",
            "employer": world.a.employer.credit_code,
            "joined_on": "2024-05-01",
            "consent": "on",
        },
    )
    member = Member.objects.get(name="赵六")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/"
    assert member.union == world.a.grassroots and member.consent_on is not None


def test_an_employer_of_another_district_cannot_be_named(world: World) -> None:
    response = signed_in(world, "district").post(
        "/members/new/",
        {
            "name": "赵六",
            "id_number": resident_id("320302", "19950505", 55),
            "mobile": "13900002222",
            "employer": world.b.employer.credit_code,
            "joined_on": "2024-05-01",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert not Member.objects.filter(name="赵六").exists()


def test_a_transfer_through_the_page_moves_the_member(world: World) -> None:
    response = signed_in(world, "district").post(
        f"/members/{world.a.member.pk}/transfer/",
        {
            "to_employer": world.a.bare_employer.credit_code,
            "holding_union": world.a.street.pk,
            "transferred_on": "2026-02-01",
            "reason": "调动",
        },
    )
    assert response.status_code == 302
    world.a.member.refresh_from_db()
    assert world.a.member.union == world.a.street


def test_a_viewer_gets_no_edit_pages(world: World) -> None:
    client = signed_in(world, "viewer")
    assert client.get("/members/new/").status_code == 403
    assert client.get(f"/members/{world.a.member.pk}/edit/").status_code == 403
    assert "张三" in client.get("/members/").content.decode()


def test_the_list_can_be_narrowed_to_a_union_subtree(world: World) -> None:
    client = signed_in(world, "city")
    page = client.get(f"/members/?union={world.b.grassroots.pk}").content.decode()
    assert "泄露李四" in page and "张三" not in page


def _unmask_permission():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    return Permission.objects.get(codename="unmask_personal_data")
