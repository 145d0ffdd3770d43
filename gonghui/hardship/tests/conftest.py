from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from gonghui.cases.services import case_transition
from gonghui.conftest import World, resident_id
from gonghui.hardship.models import Household
from gonghui.hardship.services import Figures, Person, household_register
from gonghui.hardship.tiers import Cause
from gonghui.portal.tests.conftest import outbox, worker  # noqa: F401 - the portal's fixtures

APPLICANT_ID = resident_id("320302", "19800101", 55)
SPOUSE_ID = resident_id("320302", "19820202", 66)
CHILD_ID = resident_id("320302", "20120303", 77)


def figures(
    income: int = 20_000,
    expenses: int = 5_000,
    *,
    cause: str = Cause.ILLNESS,
    relocated: bool = False,
    members: tuple[Person, ...] | None = None,
) -> Figures:
    """A household of three: (20,000 − 5,000) ÷ 12 ÷ 3 = 416.67 yuan a month, deep hardship."""
    if members is None:
        members = (Person("钱七", "spouse", SPOUSE_ID), Person("赵小六", "child", CHILD_ID))
    return Figures(income, expenses, cause, relocated, members)


def register(
    world: World,
    *,
    user: str = "grassroots",
    union: Any = None,
    name: str = "赵六",
    id_number: str = APPLICANT_ID,
    **kwargs: Any,
) -> Household:
    return household_register(
        actor=world.user(user),
        union=union or world.a.grassroots,
        name=name,
        id_number=id_number,
        mobile="13700001111",
        figures=figures(**kwargs),
    )


def approve(world: World, household: Household) -> Household:
    """Through the three levels: grassroots forwards, street endorses, district approves."""
    for user, step in (("grassroots", "forward"), ("street", "endorse"), ("district", "approve")):
        case_transition(actor=world.user(user), case=household.case, transition=step)
    household.refresh_from_db()
    return household


@pytest.fixture
def household(world: World) -> Household:
    """A file of district A's machine works, under review at the grassroots union."""
    return register(world)


@pytest.fixture
def active(world: World, household: Household) -> Household:
    return approve(world, household)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Refusals are read in English here, not tied to the catalogue's wording."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
