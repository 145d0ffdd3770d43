from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.cases.models import Case, CaseEvent, Notification
from gonghui.cases.services import case_transition
from gonghui.conftest import World

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_the_case_page_shows_the_timeline_and_my_steps(world: World, case: Case) -> None:
    page = signed_in(world, "grassroots").get(f"/cases/{case.pk}/").content.decode()
    assert case.title in page and 'value="forward"' in page and "csrfmiddlewaretoken" in page
    assert 'value="endorse"' not in page


def test_pressing_a_step_moves_the_case(world: World, case: Case) -> None:
    client = signed_in(world, "grassroots")
    response = client.post(f"/cases/{case.pk}/act/", {"transition": "forward", "note": "转街道"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "street"


def test_a_forged_step_shows_the_refusal_and_changes_nothing(world: World, case: Case) -> None:
    client = signed_in(world, "street")
    response = client.post(
        f"/cases/{case.pk}/act/", {"transition": "forward"}, follow=True,
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert "for the cadres of another union" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "filed" and case.events.filter(kind=CaseEvent.Kind.REFUSAL).exists()


def test_a_case_of_another_subtree_is_not_found(world: World, case_b: Case) -> None:
    client = signed_in(world, "district")
    assert client.get(f"/cases/{case_b.pk}/").status_code == 404
    assert client.post(f"/cases/{case_b.pk}/act/", {"transition": "forward"}).status_code == 404


def test_my_lists_show_my_cases(world: World, case: Case, case_b: Case) -> None:
    client = signed_in(world, "grassroots")
    assert case.title in client.get("/cases/").content.decode()
    assert case_b.title not in client.get("/cases/overdue/").content.decode()


def test_a_renamed_executable_is_refused_beside_the_field(world: World, case: Case) -> None:
    upload = SimpleUploadedFile("setup.pdf", b"MZ" + bytes(64), "application/pdf")
    response = signed_in(world, "grassroots").post(f"/cases/{case.pk}/attach/", {"file": upload})
    assert response.status_code == 200 and not case.attachments.exists()
    assert 'class="error"' in response.content.decode()


def test_reading_a_notification_opens_its_case(world: World, case: Case) -> None:
    client = signed_in(world, "grassroots")
    notification = Notification.objects.get(recipient__username="grassroots")
    assert case.title in client.get("/cases/notifications/").content.decode()
    response = client.post("/cases/notifications/", {"notification": notification.pk})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    other = signed_in(world, "street").post(
        "/cases/notifications/", {"notification": notification.pk}
    )
    assert other.status_code == 404


def test_a_viewer_may_read_but_not_act(world: World, case: Case) -> None:
    case_transition(actor=world.user("grassroots"), case=case, transition="forward")
    client = signed_in(world, "viewer")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.post(f"/cases/{case.pk}/act/", {"transition": "endorse"}).status_code == 403
