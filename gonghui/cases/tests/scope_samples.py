"""A case of district B, past its deadline, with a file, for the scope walk
(core/tests/test_scope_walk.py)."""

from __future__ import annotations

import datetime as dt

from gonghui.cases.models import Attachment, Case
from gonghui.cases.tests.workflows import REVIEW
from gonghui.cases.uploads import PDF
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
    cadre = next(user for user in world.users.values() if user.org == district.federation)
    # Only the row: the walk must be refused before any byte is read.
    attachment = Attachment.objects.create(
        case=case, file="cases/sample.pdf", name=f"{district.member.name}.pdf", content_type=PDF,
        size=0, uploaded_by=cadre,
    )  # fmt: skip
    return {Case: case, Attachment: attachment}
