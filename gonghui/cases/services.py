"""Writes on cases: open (by a cadre, or applied for by a worker), take a step, comment,
attach evidence, record a download, tell a union off the line, read a notification.

Each is atomic and audited. A refused step is itself recorded (a timeline event and an audit
entry, committed) before the refusal reaches the user: forged steps leave a trace.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import CADRE_ROLES
from gonghui.cases import uploads
from gonghui.cases.models import Attachment, Case, CaseEvent, Notification
from gonghui.cases.workflow import Transition, Workflow, workflow_of
from gonghui.core import audit
from gonghui.core.scope import visible_to
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.orgs.models import Union

AUDITED = ["state", "due_at", "closed_at", "hours_open"]


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def case_open(
    *,
    actor: Any,
    type: str,
    union: Union,
    title: str,
    applicant: Any = None,
    data: dict | None = None,
) -> Case:
    """Open a case of a declared type for a union in the actor's subtree."""
    require_editor(actor)
    require_visible(actor, union, "union")
    return _open(actor, "case.open", type=type, union=union, title=title, applicant=applicant,
                 data=data)  # fmt: skip


def case_apply(
    *, applicant: Any, type: str, union: Union, title: str, data: dict | None = None
) -> Case:
    """Open a case a worker applies for: the applicant is not a cadre and acts for no union,
    so the calling domain has chosen `union` (the cadres who must act are told)."""
    if not getattr(applicant, "is_authenticated", False) or applicant.may_edit:
        refuse(_("Only a worker signed in at the portal may apply."), code="role")
    return _open(applicant, "case.apply", type=type, union=union, title=title,
                 applicant=applicant, data=data)  # fmt: skip


def _open(actor: Any, action: str, *, type: str, union: Union, title: str, applicant: Any,
          data: dict | None) -> Case:  # fmt: skip
    workflow = workflow_of(type)
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            type=workflow.key, state=workflow.initial.key, union=union, title=title,
            applicant=applicant, data=data or {}, opened_at=now,
            due_at=_deadline(workflow, workflow.initial.key, now),
        )  # fmt: skip
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OPENED, actor=actor,
                                 to_state=case.state, at=now)  # fmt: skip
        audit.record(actor=actor, action=action, obj=case, after=snapshot(case, AUDITED))
        _notify_next(case)
    return case


def case_transition(*, actor: Any, case: Case, transition: str, note: str = "") -> Case:
    """Take the step `transition`, or refuse it (wrong state, subtree or role) with a trace."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("union").get(pk=case.pk)
        step = case.workflow.transition(transition)
        refusal = _refusal(actor, case, step)
        if refusal is None and step is not None:
            try:
                with transaction.atomic():
                    return _move(actor, case, step, note)
            except ValidationError as error:  # the step's effect refused: nothing of it stays
                refusal = Refusal("effect", " ".join(error.messages))
        assert refusal is not None
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.REFUSAL, actor=actor, transition=transition[:40],
            from_state=case.state, note=refusal.message,
        )  # fmt: skip
        audit.record(
            actor=actor, action="case.transition", obj=case, result="refused",
            transition=transition[:40], state=case.state, reason=refusal.code,
        )  # fmt: skip
    # Raised after the commit, so the refusal's trace stays.
    return refuse(refusal.message, code=refusal.code)


def _refusal(actor: Any, case: Case, step: Transition | None) -> Refusal | None:
    if not visible_to(Case, actor).filter(pk=case.pk).exists():
        return Refusal("out_of_scope", _("This case is outside your part of the union tree."))
    if step is None or case.state not in step.sources:
        return Refusal("state", _("This step cannot be taken from the case's current state."))
    if not step.allows(actor, case):
        return Refusal("role", _("This step is for the cadres of another union."))
    return None


def _move(actor: Any, case: Case, step: Transition, note: str) -> Case:
    if step.effect is not None:
        step.effect(actor, case)
    before = snapshot(case, AUDITED)
    source, now = case.state, timezone.now()
    target = case.workflow.state(step.target)
    case.state = target.key
    case.due_at = _deadline(case.workflow, target.key, now)
    case.closed_at = now if target.final else None
    case.hours_open = (now - case.opened_at) // dt.timedelta(hours=1) if target.final else None
    case.save(update_fields=AUDITED)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.TRANSITION, actor=actor, at=now, transition=step.name,
        from_state=source, to_state=target.key, note=note,
    )  # fmt: skip
    audit.record(
        actor=actor, action="case.transition", obj=case, before=before,
        after=snapshot(case, AUDITED), transition=step.name,
    )  # fmt: skip
    _notify_next(case)
    return case


def _deadline(workflow: Workflow, state: str, start: dt.datetime) -> dt.datetime | None:
    days = workflow.state(state).days
    return start + dt.timedelta(days=days) if days is not None else None


def _notify_next(case: Case) -> None:
    """Tell the cadres of every node that may take a next step that the case awaits them."""
    nodes = {
        node.pk
        for step in case.workflow.leaving(case.state)
        for cadre in step.by
        if (node := cadre.node(case)) is not None
    }
    # Stored in the deployment's language: the recipients read it later, not this request.
    with translation.override(settings.LANGUAGE_CODE):
        message = _("%(title)s awaits you: %(state)s") % {
            "title": case.title, "state": case.state_label,
        }  # fmt: skip
    _notify(case, nodes, message)


def case_tell(*, case: Case, union: Union, message: str) -> None:
    """Tell the cadres of a union off the case's line what became of it (the union a member
    transferred from): they need not act and may not see the case, so `message` — written in
    the deployment's language — must stand on its own. Call it inside the step's transaction
    (a transition's `effect`), so a step rolled back tells nobody."""
    _notify(case, {union.pk}, message)


def _notify(case: Case, nodes: set[int], message: str) -> None:
    recipients = get_user_model().objects.filter(
        org__in=nodes, role__in=CADRE_ROLES, is_active=True
    )
    Notification.objects.bulk_create(
        Notification(recipient=user, case=case, message=message[:300]) for user in recipients
    )


def case_comment(*, actor: Any, case: Case, text: str) -> CaseEvent:
    require_editor(actor)
    require_visible(actor, case, None)
    if not text.strip():
        refuse(_("Write a comment first."), code="empty", field="text")
    with transaction.atomic():
        event = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.COMMENT, actor=actor,
                                         from_state=case.state, note=text.strip())  # fmt: skip
        audit.record(actor=actor, action="case.comment", obj=case, event=event.pk)
    return event


def case_attach(*, actor: Any, case: Case, upload: UploadedFile) -> Attachment:
    """File evidence: a PDF, JPEG, PNG or xlsx by its bytes, within the size limit."""
    require_editor(actor)
    require_visible(actor, case, None)
    limit = settings.GONGHUI_CASE_UPLOAD_MAX_BYTES
    if (upload.size or 0) > limit:
        message = _("The file is larger than %(mb)d MB.") % {"mb": limit >> 20}
        refuse(message, code="size", field="file")
    content_type = uploads.sniff(upload.file)
    if content_type is None:
        refuse(_("Only PDF, JPEG, PNG or xlsx files are accepted."), code="file_type",
               field="file")  # fmt: skip
    name = Path(upload.name or "file").name[:200]
    with transaction.atomic():
        attachment = Attachment.objects.create(
            case=case, file=upload, name=name, content_type=content_type,
            size=upload.size or 0, uploaded_by=actor,
        )  # fmt: skip
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.ATTACHMENT, actor=actor, from_state=case.state,
            attachment=attachment, note=name,
        )  # fmt: skip
        audit.record(actor=actor, action="case.attach", obj=case, file=name,
                     content_type=content_type, size=attachment.size)  # fmt: skip
    return attachment


def attachment_download(
    *, actor: Any, attachment: Attachment, remote_addr: str | None = None
) -> None:
    """Record that `actor` takes a copy of a case's file (evidence holds personal data): a user
    who sees the case, or the worker whose case it is."""
    case = attachment.case
    if case.applicant_id is None or case.applicant_id != actor.pk:
        require_visible(actor, case, None)
    with transaction.atomic():
        audit.record(actor=actor, action="case.download", obj=case, remote_addr=remote_addr,
                     attachment=attachment.pk, file=attachment.name)  # fmt: skip


def notification_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (another's cannot be reached at all)."""
    if notification.recipient_id != actor.pk:
        refuse(_("This notification is not yours."), code="not_yours")
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification
