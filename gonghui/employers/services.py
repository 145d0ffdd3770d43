"""Changing employers and their collective contracts; every write audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, ids
from gonghui.core.services import require_editor, require_visible, snapshot
from gonghui.employers.models import CollectiveContract, Employer
from gonghui.orgs.models import Area, Union
from gonghui.orgs.selectors import area_in_scope

AUDITED_FIELDS = [
    "credit_code", "name", "ownership", "industry", "headcount", "area", "union",
    "congress_since",
]  # fmt: skip


def employer_save(*, actor: Any, employer: Employer | None = None, **fields: Any) -> Employer:
    """Create an employer (when `employer` is None) or change one; the same rules both ways."""
    require_editor(actor)
    creating = employer is None
    employer = employer or Employer()
    if not creating:
        require_visible(actor, employer, "employer")
    before = {} if creating else snapshot(employer, AUDITED_FIELDS)
    fields["credit_code"] = ids.normalize_credit_code(fields["credit_code"])
    _check_placement(actor, area=fields["area"], union=fields.get("union"))
    for name, value in fields.items():
        setattr(employer, name, value)
    duplicate = Employer.objects.filter(credit_code=employer.credit_code).exclude(pk=employer.pk)
    with transaction.atomic():
        if duplicate.exists():
            raise ValidationError(
                {"credit_code": _("An employer with this credit code is already registered.")},
                code="duplicate",
            )
        employer.save()
        after = snapshot(employer, AUDITED_FIELDS)
        if creating:
            audit.record(actor=actor, action="employer.create", obj=employer, after=after)
        else:
            audit.record(actor=actor, action="employer.update", obj=employer,
                         changes=audit.changed_fields(before, after))  # fmt: skip
    return employer


def _check_placement(actor: Any, *, area: Area, union: Union | None) -> None:
    if area.level != Area.Level.STREET or not area_in_scope(user=actor, area=area):
        raise ValidationError({"area": _("This area is outside your part of the union tree.")})
    if union is not None:
        if not union.is_grassroots:
            raise ValidationError(
                {"union": _("An employer is covered by a grassroots or joint union.")}
            )
        require_visible(actor, union, "union")


def contract_add(
    *,
    actor: Any,
    employer: Employer,
    kind: str,
    signed_on: dt.date,
    expires_on: dt.date,
    document: UploadedFile | None = None,
) -> CollectiveContract:
    """Record a signed collective contract, with the document as evidence."""
    require_editor(actor)
    require_visible(actor, employer, None)
    if expires_on <= signed_on:
        raise ValidationError({"expires_on": _("The contract must expire after it is signed.")})
    if employer.union_id is None:
        raise ValidationError(_("Only a unionised employer signs a collective contract."))
    contract = CollectiveContract(
        employer=employer, kind=kind, signed_on=signed_on, expires_on=expires_on
    )
    if document is not None:
        contract.document = document
    with transaction.atomic():
        contract.save()
        after = snapshot(contract, ["employer", "kind", "signed_on", "expires_on"])
        audit.record(actor=actor, action="contract.create", obj=contract, after=after)
    return contract
