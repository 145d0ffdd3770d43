"""Changing the register of relocated workers: register, edit, record a service; each write
audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, crypto, ids
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.employers.models import Employer
from gonghui.orgs.models import Area, Union
from gonghui.orgs.selectors import area_federations
from gonghui.relocation.models import RelocatedWorker, ServiceKind, ServiceRecord, Status

AUDITED_FIELDS = [
    "name", "industry", "employer_name", "employer", "area", "union", "relocated_on",
    "first_served_on", "status", "left_on",
]  # fmt: skip
EDITABLE = ("name", "industry", "employer_name", "relocated_on", "status")


def home_union_id(*, employer_union_id: int | None, area_code: str, homes: dict[str, int]) -> int:
    """The union responsible for a relocated worker: the one covering the former employer,
    else the federation answering for the area (`homes` = `area_federations()`)."""
    return employer_union_id if employer_union_id is not None else homes[area_code]


def resolve_placement(
    *, actor: Any, employer: Employer | None, area: Area | None
) -> tuple[Area, Union]:
    """The worker's area (the registered employer's, else the one chosen) and responsible
    union, which must lie in the actor's subtree."""
    if employer is not None:
        require_visible(actor, employer, "employer")
        area = employer.area
    if area is None:
        refuse(
            _("Give the former employer's credit code or choose the area."),
            code="required",
            field="area",
        )
    union_id = home_union_id(
        employer_union_id=employer.union_id if employer else None,
        area_code=area.code,
        homes=area_federations(),
    )
    union = Union.objects.get(pk=union_id)
    field = "employer" if employer is not None else "area"
    require_visible(actor, union, field)
    return area, union


def worker_create(
    *,
    actor: Any,
    name: str,
    id_number: str,
    mobile: str = "",
    industry: str,
    employer_name: str = "",
    employer: Employer | None = None,
    area: Area | None = None,
    relocated_on: dt.date,
) -> RelocatedWorker:
    require_editor(actor)
    resident = ids.parse_resident_id(id_number)
    number = mobile and ids.normalize_mobile(mobile)
    area, union = resolve_placement(actor=actor, employer=employer, area=area)
    worker = RelocatedWorker(
        name=_clean_name(name),
        industry=industry,
        employer_name=_employer_name(employer_name, employer),
        employer=employer,
        area=area,
        union=union,
        relocated_on=_not_future(relocated_on),
        registered_on=timezone.localdate(),
    )
    _set_identity(worker, resident.number)
    _set_mobile(worker, number)
    with transaction.atomic():
        _save(worker)
        audit.record(actor=actor, action="relocation.create", obj=worker,
                     after=snapshot(worker, AUDITED_FIELDS))  # fmt: skip
    return worker


def worker_update(
    *,
    actor: Any,
    worker: RelocatedWorker,
    employer: Employer | None,
    area: Area | None,
    id_number: str = "",
    mobile: str = "",
    **changes: Any,
) -> RelocatedWorker:
    """Correct a worker's data, move them to another responsible union, or record that they
    left the register (re-employment is recorded as a service). A blank ID number or mobile
    keeps the stored one: the form never shows them in full."""
    require_editor(actor)
    require_visible(actor, worker, None)
    before = snapshot(worker, AUDITED_FIELDS)
    if id_number:
        _set_identity(worker, ids.parse_resident_id(id_number).number)
    if mobile:
        _set_mobile(worker, ids.normalize_mobile(mobile))
    worker.area, worker.union = resolve_placement(actor=actor, employer=employer, area=area)
    worker.employer = employer
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"worker_update cannot change {', '.join(sorted(unknown))}")
    was_left = worker.status == Status.LEFT
    for field, value in changes.items():
        setattr(worker, field, value)
    worker.name = _clean_name(worker.name)
    worker.employer_name = _employer_name(worker.employer_name, employer)
    _not_future(worker.relocated_on)
    if worker.status != Status.LEFT:
        worker.left_on = None
    elif not was_left:
        worker.left_on = timezone.localdate()
    with transaction.atomic():
        _save(worker)
        after = snapshot(worker, AUDITED_FIELDS)
        audit.record(actor=actor, action="relocation.update", obj=worker,
                     changes=audit.changed_fields(before, after))  # fmt: skip
    return worker


def service_add(
    *,
    actor: Any,
    worker: RelocatedWorker,
    kind: str,
    served_on: dt.date,
    provider: str = "",
) -> ServiceRecord:
    """Record a service. The worker's `first_served_on` moves to the earliest service date;
    a re-employment marks the worker re-employed."""
    require_editor(actor)
    require_visible(actor, worker, None)
    if worker.status == Status.LEFT:
        refuse(_("This worker has left the register: services are no longer recorded."),
               code="status")  # fmt: skip
    _not_future(served_on, field="served_on")
    if served_on < worker.relocated_on:
        refuse(_("A service cannot precede the relocation."), code="date", field="served_on")
    with transaction.atomic():
        locked = RelocatedWorker.objects.select_for_update().get(pk=worker.pk)
        before = snapshot(locked, ["first_served_on", "status"])
        record = ServiceRecord.objects.create(
            worker=locked, kind=kind, served_on=served_on, provider=provider.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
        if locked.first_served_on is None or served_on < locked.first_served_on:
            locked.first_served_on = served_on
        if kind == ServiceKind.REEMPLOYED:
            locked.status = Status.REEMPLOYED
        locked.save(update_fields=["first_served_on", "status", "updated_at"])
        audit.record(actor=actor, action="relocation.service", obj=locked, kind=kind,
                     served_on=served_on.isoformat(), before=before,
                     after=snapshot(locked, ["first_served_on", "status"]))  # fmt: skip
    worker.refresh_from_db()
    return record


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        refuse(_("The name is missing."), code="required", field="name")
    return cleaned


def _employer_name(name: str, employer: Employer | None) -> str:
    cleaned = " ".join(name.split()) or (employer.name if employer is not None else "")
    if not cleaned:
        refuse(_("Name the former employer."), code="required", field="employer_name")
    return cleaned


def _not_future(day: dt.date, *, field: str = "relocated_on") -> dt.date:
    if day > timezone.localdate():
        refuse(_("The date lies in the future."), code="date", field=field)
    return day


def _set_identity(worker: RelocatedWorker, number: str) -> None:
    worker.id_cipher = crypto.encrypt(number)
    worker.id_blind = crypto.blind_index(number)


def _set_mobile(worker: RelocatedWorker, number: str) -> None:
    worker.mobile_cipher = crypto.encrypt(number) if number else None


def _save(worker: RelocatedWorker) -> None:
    """Save; a second registration of the same ID number is refused (the unique index holds
    under races too)."""
    twin = RelocatedWorker.objects.filter(id_blind=worker.id_blind).exclude(pk=worker.pk)
    if twin.exists():
        refuse(_("This person is already on the register of relocated workers."),
               code="duplicate", field="id_number")  # fmt: skip
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        refuse(_("This person is already on the register of relocated workers."),
               code="duplicate", field="id_number")  # fmt: skip
