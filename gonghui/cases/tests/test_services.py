from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.cases.models import Case, CaseEvent, Notification
from gonghui.cases.services import case_attach, case_comment, case_transition, notification_read
from gonghui.conftest import World
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def step(world: World, case: Case, username: str, name: str) -> Case:
    return case_transition(actor=world.user(username), case=case, transition=name, note="ok")


def test_a_case_goes_up_every_level_to_its_end(world: World, case: Case) -> None:
    assert case.state == "filed" and case.due_at is not None
    step(world, case, "grassroots", "forward")
    step(world, case, "street", "endorse")
    before = timezone.now()
    case = step(world, case, "district", "approve")
    assert case.state == "approved" and case.due_at is None and case.closed_at >= before
    moves = case.events.filter(kind=CaseEvent.Kind.TRANSITION)
    assert [(e.from_state, e.to_state, e.actor.username) for e in moves] == [
        ("filed", "street", "grassroots"),
        ("street", "district", "street"),
        ("district", "approved", "district"),
    ]
    entries = AuditEntry.objects.filter(action="case.transition", object_id=str(case.pk))
    assert entries.count() == 3
    assert entries.order_by("pk").last().detail["after"]["state"] == "approved"


def test_entering_a_step_sets_its_deadline(world: World, case: Case) -> None:
    case = step(world, case, "grassroots", "forward")
    expected = timezone.now() + dt.timedelta(days=5)
    assert abs(case.due_at - expected) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("username", "name", "code"),
    [
        ("street", "forward", "role"),  # the step belongs to the grassroots union
        ("viewer", "forward", "role"),  # a viewer of the district never acts
        ("district_b", "forward", "out_of_scope"),  # another subtree
        ("grassroots", "approve", "state"),  # not a step from "filed"
        ("grassroots", "delete_everything", "state"),  # a forged name
    ],
)
def test_a_forged_step_is_refused_changes_nothing_and_is_audited(
    world: World, case: Case, username: str, name: str, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        step(world, case, username, name)
    assert refused.value.code == code
    case.refresh_from_db()
    assert case.state == "filed" and case.closed_at is None
    refusal = case.events.get(kind=CaseEvent.Kind.REFUSAL)
    assert refusal.actor == world.user(username) and refusal.transition == name
    entry = AuditEntry.objects.get(action="case.transition", result="refused")
    assert entry.detail["reason"] == code and entry.actor_id == world.user(username).pk


def test_the_next_actors_are_notified(world: World, case: Case) -> None:
    assert [n.recipient.username for n in Notification.objects.all()] == ["grassroots"]
    step(world, case, "grassroots", "forward")
    latest = Notification.objects.filter(case=case).exclude(recipient__username="grassroots")
    assert [n.recipient.username for n in latest] == ["street"]
    assert case.title in latest.get().message


def test_a_notification_is_read_by_its_recipient_only(world: World, case: Case) -> None:
    notification = Notification.objects.get(recipient=world.user("grassroots"))
    with pytest.raises(ValidationError):
        notification_read(actor=world.user("street"), notification=notification)
    notification_read(actor=world.user("grassroots"), notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_comment_lands_on_the_timeline(world: World, case: Case) -> None:
    case_comment(actor=world.user("street"), case=case, text="请补充收入证明")
    assert case.events.get(kind=CaseEvent.Kind.COMMENT).note == "请补充收入证明"
    with pytest.raises(ValidationError):
        case_comment(actor=world.user("district_b"), case=case, text="x")


def test_a_pdf_is_attached_by_its_content(world: World, case: Case) -> None:
    upload = SimpleUploadedFile("证明.pdf", PDF, content_type="text/plain")
    attachment = case_attach(actor=world.user("grassroots"), case=case, upload=upload)
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert case.events.get(kind=CaseEvent.Kind.ATTACHMENT).note == "证明.pdf"


def test_an_executable_renamed_pdf_is_refused(world: World, case: Case) -> None:
    upload = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00" + bytes(100), "application/pdf")
    with pytest.raises(ValidationError) as refused:
        case_attach(actor=world.user("grassroots"), case=case, upload=upload)
    assert refused.value.error_dict["file"][0].code == "file_type"
    assert not case.attachments.exists()


def test_a_file_over_the_limit_is_refused(world: World, case: Case, settings: object) -> None:
    settings.GONGHUI_CASE_UPLOAD_MAX_BYTES = 1 << 20  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("big.pdf", PDF + bytes(1 << 20), "application/pdf")
    with pytest.raises(ValidationError) as refused:
        case_attach(actor=world.user("grassroots"), case=case, upload=upload)
    assert refused.value.error_dict["file"][0].code == "size"
