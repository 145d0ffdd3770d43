"""Changing the union tree and the "六有" assessments; every write audited."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, ids
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.orgs.models import Area, SixHavesAssessment, Union
from gonghui.orgs.selectors import area_in_scope

# Which kinds of node may sit under which: the shape of the union tree (domain.md §1).
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    Union.Kind.CITY: (),
    Union.Kind.DISTRICT: (Union.Kind.CITY,),
    Union.Kind.INDUSTRY: (Union.Kind.CITY, Union.Kind.DISTRICT),
    Union.Kind.STREET: (Union.Kind.DISTRICT,),
    Union.Kind.GRASSROOTS: (Union.Kind.STREET, Union.Kind.INDUSTRY, Union.Kind.DISTRICT),
    Union.Kind.JOINT: (Union.Kind.STREET, Union.Kind.INDUSTRY),
}


def union_add(
    *,
    actor: Any,
    parent: Union | None,
    name: str,
    kind: str,
    area: Area | None = None,
    credit_code: str | None = None,
    founded_on: dt.date | None = None,
) -> Union:
    """Add a node under `parent`. Only the root (the city federation) has no parent and is
    created by the system itself (`actor=None`, from a command), never through a page."""
    if actor is not None:
        require_editor(actor)
        if parent is None:
            refuse(_("Only the city federation has no parent."), code="root")
        require_visible(actor, parent, "parent")
        if area is not None and not area_in_scope(user=actor, area=area):
            refuse(
                _("This area is outside your part of the union tree."), code="area", field="area"
            )
    allowed = ALLOWED_PARENTS[kind]
    if (parent is None) != (not allowed) or (parent is not None and parent.kind not in allowed):
        refuse(
            _("A %(kind)s cannot be placed there.") % {"kind": Union.Kind(kind).label},
            code="placement",
        )
    code = ids.normalize_credit_code(credit_code) if credit_code else None
    if code and Union.objects.filter(credit_code=code).exists():
        refuse(
            _("A union with this credit code is already registered."),
            code="duplicate",
            field="credit_code",
        )
    with transaction.atomic():
        union = Union.objects.create(
            parent=parent,
            name=name.strip(),
            kind=kind,
            area=area,
            credit_code=code,
            founded_on=founded_on,
            path=f"~{uuid.uuid4().hex}",  # unique placeholder until the id is known
        )
        # The path holds the node's own id, known only after the insert.
        union.path = f"{parent.path if parent else '/'}{union.pk}/"
        union.save(update_fields=["path"])
        fields = ["name", "kind", "parent", "area", "credit_code"]
        audit.record(actor=actor, action="union.create", obj=union, after=snapshot(union, fields))
    return union


def six_haves_assess(
    *,
    actor: Any,
    union: Union,
    item: str,
    met: bool,
    assessed_on: dt.date,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> SixHavesAssessment:
    """Record the assessment of one "六有" item for a grassroots union (replacing the last)."""
    require_editor(actor)
    require_visible(actor, union, None)
    if not union.is_grassroots:
        refuse(_("Only grassroots unions are assessed for the six haves."), code="not_grassroots")
    if met and evidence is None and not note:
        refuse(
            _("An item is met only with evidence: attach a document or describe it."),
            code="evidence",
            field="evidence",
        )
    defaults: dict[str, Any] = {
        "met": met, "assessed_on": assessed_on, "note": note, "assessed_by": actor,
    }  # fmt: skip
    if evidence is not None:
        defaults["evidence"] = evidence
    with transaction.atomic():
        assessment, _created = SixHavesAssessment.objects.update_or_create(
            union=union, item=item, defaults=defaults
        )
        fields = ["union", "item", "met", "assessed_on"]
        audit.record(
            actor=actor, action="six_haves.assess", obj=assessment,
            after=snapshot(assessment, fields),
        )  # fmt: skip
    return assessment
