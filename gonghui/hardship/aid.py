"""Writes on the aid a file receives: the separate consent to medical details, assistance
payments (生活救助, 医疗救助, 金秋助学, 送温暖) and revealing a payment's medical details.
Each is atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, crypto
from gonghui.core.services import refuse, require_editor, require_visible
from gonghui.hardship.models import Assistance, Household, Kind, MedicalConsent, Status
from gonghui.hardship.services import clean_name
from gonghui.orgs.models import Union


def consent_record(
    *, actor: Any, household: Household, consented_by: str, consented_on: dt.date, scope: str
) -> MedicalConsent:
    """Record the separate consent to keep the household's medical details (PIPL Art. 29)."""
    require_editor(actor)
    require_visible(actor, household, None)
    if household.status not in (Status.APPLYING, Status.ACTIVE):
        refuse(_("This file is closed."), code="state")
    if consented_on > timezone.localdate():
        refuse(_("A consent cannot be dated in the future."), code="date", field="consented_on")
    if not scope.strip():
        refuse(_("Say what was consented to."), code="required", field="scope")
    with transaction.atomic():
        consent = MedicalConsent.objects.create(
            household=household,
            consented_by=clean_name(consented_by, "consented_by"),
            consented_on=consented_on,
            scope=scope.strip(),
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="hardship.consent",
            obj=household,
            consent=consent.pk,
            consented_on=consented_on.isoformat(),
        )
    return consent


def assistance_record(
    *,
    actor: Any,
    household: Household,
    kind: str,
    amount: int,
    paid_on: dt.date,
    paid_by: Union,
    note: str = "",
    student_name: str = "",
    school: str = "",
    medical_details: str = "",
) -> Assistance:
    """Record aid paid to an active file by a union on its line up the tree."""
    require_editor(actor)
    require_visible(actor, household, None)
    require_visible(actor, paid_by, "paid_by")
    if household.status != Status.ACTIVE:
        refuse(_("Assistance is paid to active files only."), code="state")
    if not household.union.path.startswith(paid_by.path):
        refuse(
            _("The paying union must be the file's union or a federation above it."),
            code="paid_by",
            field="paid_by",
        )
    if amount <= 0:
        refuse(_("The amount must be at least 1 yuan."), code="amount", field="amount")
    if paid_on > timezone.localdate() or paid_on < (household.activated_on or paid_on):
        refuse(
            _("The payment date must lie between the approval and today."),
            code="date",
            field="paid_on",
        )
    student_name, school = " ".join(student_name.split()), " ".join(school.split())
    if kind == Kind.STUDENT and not (student_name and school):
        refuse(
            _("Student aid names the student and the school."),
            code="required",
            field="student_name",
        )
    consent = _medical_consent(household, kind, medical_details.strip())
    with transaction.atomic():
        assistance = Assistance.objects.create(
            household=household,
            union=household.union,
            paid_by=paid_by,
            kind=kind,
            amount=amount,
            paid_on=paid_on,
            note=note.strip(),
            student_name=student_name,
            school=school,
            consent=consent,
            recorded_by=actor,
            medical_cipher=crypto.encrypt(medical_details.strip()) if consent else None,
        )
        audit.record(
            actor=actor,
            action="hardship.assist",
            obj=household,
            assistance=assistance.pk,
            kind=kind,
            amount=amount,
            paid_on=paid_on.isoformat(),
            paid_by=paid_by.pk,
            medical_details=consent is not None,
        )
    return assistance


def _medical_consent(household: Household, kind: str, details: str) -> MedicalConsent | None:
    """The consent that allows keeping `details`; none needed when there are none."""
    if not details:
        return None
    if kind != Kind.MEDICAL:
        refuse(
            _("Medical details belong to medical assistance only."),
            code="medical",
            field="medical_details",
        )
    consent = household.consents.order_by("-consented_on", "-id").first()
    if consent is None:
        refuse(
            _("Medical details need the household's separate consent: record it first."),
            code="consent",
            field="medical_details",
        )
    return consent


def assistance_reveal(*, actor: Any, assistance: Assistance, remote_addr: str | None = None) -> str:
    """The medical details of a payment, for a user who may unmask; audited either way."""
    require_visible(actor, assistance, None)
    allowed = bool(getattr(actor, "may_unmask", False))
    audit.record(
        actor=actor,
        action="hardship.unmask",
        obj=assistance,
        result="ok" if allowed else "refused",
        remote_addr=remote_addr,
    )
    if not allowed:
        refuse(_("You may not see medical details."), code="permission")
    return assistance.medical_details
