"""A case of district B, past its deadline, for the scope walk (core/tests/test_scope_walk.py)."""

from __future__ import annotations

import datetime as dt

from gonghui.cases.models import Case
from gonghui.cases.tests.workflows import REVIEW
from gonghui.conftest import District, World

EXEMPT: dict[str, str] = {}


def samples(world: World, district: District) -> dict[type, object]:
    case = Case.objects.create(
        type=REVIEW.key,
        state=REVIEW.initial.key,
        union=district.grassroots,
        title=district.member.name,
        due_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    return {Case: case}
