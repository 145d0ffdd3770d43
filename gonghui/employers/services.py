"""Changing employers and their collective contracts; every write audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, ids
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
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
        require_visible(actor, employer, None)
    before = {} if creating else snapshot(employer, AUDITED_FIELDS)
    fields["credit_code"] = ids.normalize_credit_code(fields["credit_code"])
    _check_placement(actor, area=fields["area"], union=fields.get("union"))
    was_covered = employer.union_id is not None
    for name, value in fields.items():
        setattr(employer, name, value)
    # The coverage date behind as-of figures (建会率 on a past day): set when a union first
    # covers the employer, cleared when none does any more.
    if employer.union_id is None:
        employer.unionised_on = None
    elif not was_covered and "unionised_on" not in fields:
        employer.unionised_on = timezone.localdate()
    duplicate = Employer.objects.filter(credit_code=employer.credit_code).exclude(pk=employer.pk)
    with transaction.atomic():
        if duplicate.exists():
            refuse(
                _("An employer with this credit code is already registered."),
                code="duplicate",
                field="credit_code",
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
        refuse(_("This area is outside your part of the union tree."), code="area", field="area")
    if union is None:
        # Without a covering union only the federation of the territory sees the employer:
        # a grassroots cadre would save a record it could never open again.
        if actor.scope.area_prefix is None:
            refuse(
                _("A grassroots union registers only the employers it covers."),
                code="uncovered",
                field="union",
            )
        return
    if not union.is_grassroots:
        refuse(
            _("An employer is covered by a grassroots or joint union."),
            code="not_grassroots",
            field="union",
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
        refuse(_("The contract must expire after it is signed."), code="dates", field="expires_on")
    if employer.union_id is None:
        refuse(_("Only a unionised employer signs a collective contract."), code="not_unionised")
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
