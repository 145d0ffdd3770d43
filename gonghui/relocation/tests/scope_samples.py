"""A relocated worker of district B, with a service, for the scope walk
(core/tests/test_scope_walk.py)."""

from __future__ import annotations

import datetime as dt

from gonghui.conftest import District, World
from gonghui.relocation.models import Industry, RelocatedWorker, ServiceKind, ServiceRecord

EXEMPT: dict[str, str] = {}


def samples(world: World, district: District) -> dict[type, object]:
    worker = RelocatedWorker.objects.create(
        name=district.member.name,
        id_cipher=district.member.id_cipher,
        id_blind=district.member.id_blind,
        industry=Industry.STEEL,
        employer_name=district.employer.name,
        employer=district.employer,
        area=district.street_area,
        union=district.grassroots,
        relocated_on=dt.date(2018, 1, 1),
        registered_on=dt.date(2024, 1, 1),
    )
    record = ServiceRecord.objects.create(
        worker=worker, kind=ServiceKind.SKILLS, served_on=dt.date(2024, 2, 1)
    )
    return {RelocatedWorker: worker, ServiceRecord: record}
