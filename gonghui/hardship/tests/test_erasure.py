"""Erasing a person reaches the hardship files: as applicant (with the review case's title and
its messages) and as a relative; incomes, tiers and the review stay."""

from __future__ import annotations

from gonghui.cases.models import Notification
from gonghui.conftest import World
from gonghui.hardship.models import Household, HouseholdMember, HouseholdPerson
from gonghui.hardship.tests.conftest import APPLICANT_ID, SPOUSE_ID, register
from gonghui.members.erasure import person_erase


def test_erasing_the_applicant_clears_the_file_and_the_case_but_keeps_its_figures(
    world: World, active: Household
) -> None:
    assert "赵六" in active.case.title
    person_erase(actor=None, id_number=APPLICANT_ID)
    household = Household.objects.select_related("case").get(pk=active.pk)
    assert "赵六" not in household.applicant_name and "赵六" not in household.case.title
    assert not Notification.objects.filter(message__contains="赵六").exists()
    assert (household.income, household.tier, household.status) == (
        active.income, active.tier, active.status,
    )  # fmt: skip
    assert household.persons.count() == 3
    # The same person may apply again: the one-open-file rule no longer knows them.
    again = register(world, name="赵六", id_number=APPLICANT_ID, members=())
    assert again.pk != active.pk


def test_erasing_a_relative_leaves_the_applicant_alone(world: World, active: Household) -> None:
    person_erase(actor=None, id_number=SPOUSE_ID)
    spouse = HouseholdMember.objects.get(household=active, relation="spouse")
    assert spouse.name != "钱七" and spouse.id_number == ""
    assert Household.objects.get(pk=active.pk).applicant_name == "赵六"
    assert HouseholdPerson.objects.filter(household=active).count() == 3
