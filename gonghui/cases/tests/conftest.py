from __future__ import annotations

import pytest

from gonghui.cases.models import Case
from gonghui.cases.services import case_open
from gonghui.cases.tests.workflows import REVIEW
from gonghui.conftest import World


@pytest.fixture
def case(world: World) -> Case:
    """A review filed by the grassroots union of district A."""
    return case_open(actor=world.user("grassroots"), type=REVIEW.key, union=world.a.grassroots,
                     title="张三 困难补助", data={"amount": 2000})  # fmt: skip


@pytest.fixture
def case_b(world: World) -> Case:
    return case_open(actor=world.user("district_b"), type=REVIEW.key, union=world.b.grassroots,
                     title="泄露 case")  # fmt: skip


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
