"""The three-level review (grassroots → street → district) through the case engine."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.cases.models import CaseEvent
from gonghui.cases.services import case_transition
from gonghui.conftest import World
from gonghui.hardship.models import Household, HouseholdPerson, Status
from gonghui.hardship.services import household_update
from gonghui.hardship.tests.conftest import APPLICANT_ID, approve, figures, register
from gonghui.hardship.tiers import Tier

pytestmark = pytest.mark.django_db


def step(world: World, user: str, household: Household, transition: str) -> None:
    case_transition(actor=world.user(user), case=household.case, transition=transition)
    household.refresh_from_db()
    household.case.refresh_from_db()


def test_the_district_approval_makes_the_file_active_with_its_tier(
    world: World, household: Household
) -> None:
    approve(world, household)
    assert household.status == Status.ACTIVE and household.tier == Tier.DEEP
    assert household.activated_on is not None
    assert household.case.state == "approved" and household.case.closed_at is not None


@pytest.mark.parametrize(
    ("user", "transition", "done"),
    [
        ("street", "forward", ()),  # the grassroots union's step
        ("district", "forward", ()),
        ("grassroots", "endorse", ("forward",)),  # the street's step
        ("district", "endorse", ("forward",)),
        ("street", "approve", ("forward", "endorse")),  # the district's step
        ("district_b", "approve", ("forward", "endorse")),  # another subtree
        ("viewer", "approve", ("forward", "endorse")),
        ("district", "approve", ("forward",)),  # a step skipped
    ],
)
def test_a_forged_step_is_refused_and_recorded(
    world: World, household: Household, user: str, transition: str, done: tuple[str, ...]
) -> None:
    actors = {"forward": "grassroots", "endorse": "street"}
    for name in done:
        step(world, actors[name], household, name)
    with pytest.raises(ValidationError):
        step(world, user, household, transition)
    household.refresh_from_db()
    assert household.status == Status.APPLYING
    assert household.case.events.filter(kind=CaseEvent.Kind.REFUSAL).exists()


@pytest.mark.parametrize(
    ("path", "reject"),
    [
        ((), ("grassroots", "reject_grassroots")),
        ((("grassroots", "forward"),), ("street", "reject_street")),
        ((("grassroots", "forward"), ("street", "endorse")), ("district", "reject_district")),
    ],
)
def test_each_level_may_reject_and_the_people_are_free_again(
    world: World, household: Household, path: tuple, reject: tuple[str, str]
) -> None:
    for user, transition in (*path, reject):
        step(world, user, household, transition)
    assert household.status == Status.REJECTED and household.case.state == "rejected"
    assert not HouseholdPerson.objects.filter(household=household, open=True).exists()
    assert register(world).pk != household.pk


def test_a_returned_file_is_corrected_and_resubmitted_to_the_street(
    world: World, household: Household
) -> None:
    step(world, "grassroots", household, "forward")
    with pytest.raises(ValidationError, match="corrected"):
        household_update(
            actor=world.user("grassroots"),
            household=household,
            name="赵六",
            id_number=APPLICANT_ID,
            mobile="13700001111",
            figures=figures(),
        )
    step(world, "street", household, "endorse")
    step(world, "district", household, "return_district")
    assert household.case.state == "returned"
    household_update(
        actor=world.user("grassroots"),
        household=household,
        name="赵六",
        id_number=APPLICANT_ID,
        mobile="13700001111",
        figures=figures(income=30_000),
    )
    step(world, "grassroots", household, "resubmit")
    assert household.case.state == "street" and household.income == 30_000


def test_approval_fixes_the_tier_under_the_thresholds_then_in_force(
    world: World, household: Household, settings: object
) -> None:
    step(world, "grassroots", household, "forward")
    step(world, "street", household, "endorse")
    settings.GONGHUI_HARDSHIP_MINIMUM_LIVING = 300  # type: ignore[attr-defined]
    step(world, "district", household, "approve")
    assert (household.tier, household.minimum_living) == (Tier.RELATIVE, 300)


def test_approval_is_refused_when_the_household_is_no_longer_eligible(
    world: World, household: Household, settings: object
) -> None:
    step(world, "grassroots", household, "forward")
    step(world, "street", household, "endorse")
    settings.GONGHUI_HARDSHIP_MINIMUM_LIVING = 100  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="not eligible"):
        step(world, "district", household, "approve")
    household.refresh_from_db()
    assert household.status == Status.APPLYING and household.case.state == "district"
