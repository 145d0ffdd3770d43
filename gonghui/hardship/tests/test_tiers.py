"""The tier rule at its boundaries (低保 870 yuan a person a month, accident share 80 %)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gonghui.hardship.tiers import Cause, Tier, assess

LINE = 870


def tier(income: int, expenses: int = 0, size: int = 1, cause: str = Cause.OTHER) -> str | None:
    return assess(income=income, expenses=expenses, size=size, cause=cause).tier


def test_it_is_deep_just_below_the_minimum_living_standard() -> None:
    assert tier(LINE * 12 - 1) == Tier.DEEP
    assert tier(LINE * 12) == Tier.RELATIVE  # exactly at the line is not below it


def test_it_is_relative_just_below_twice_the_standard() -> None:
    assert tier(2 * LINE * 12 - 1) == Tier.RELATIVE
    assert tier(2 * LINE * 12) is None


def test_it_divides_by_the_household_size_and_subtracts_rigid_expenses() -> None:
    assert tier(4 * LINE * 12 + 5_000, expenses=5_000, size=4) == Tier.RELATIVE
    assert tier(4 * LINE * 12 + 4_999, expenses=5_000, size=4) == Tier.DEEP


def test_rigid_expenses_above_income_are_deep_hardship() -> None:
    assert tier(10_000, expenses=30_000, size=2) == Tier.DEEP


def test_an_accident_counts_when_costs_exceed_the_share_of_income() -> None:
    assert tier(200_000, expenses=160_001, cause=Cause.ACCIDENT) == Tier.ACCIDENT
    assert tier(200_000, expenses=160_000, cause=Cause.ACCIDENT) is None  # exactly 80 %


@pytest.mark.parametrize("cause", [Cause.ACCIDENT, Cause.DISASTER, Cause.ILLNESS])
def test_accident_disaster_and_serious_illness_are_sudden_causes(cause: str) -> None:
    assert tier(400_000, expenses=330_000, cause=cause) == Tier.ACCIDENT


@pytest.mark.parametrize("cause", [Cause.UNEMPLOYMENT, Cause.EDUCATION, Cause.DISABILITY])
def test_other_causes_do_not_make_heavy_costs_an_accident(cause: str) -> None:
    assert tier(400_000, expenses=330_000, cause=cause) is None


def test_the_thresholds_are_the_citys_settings(settings: Any) -> None:
    settings.GONGHUI_HARDSHIP_MINIMUM_LIVING = 1_000
    settings.GONGHUI_HARDSHIP_ACCIDENT_SHARE = 0.5
    assert tier(11_999) == Tier.DEEP
    assert tier(200_000, expenses=100_001, cause=Cause.ACCIDENT) == Tier.ACCIDENT
    assessment = assess(income=1, expenses=0, size=1, cause=Cause.OTHER)
    assert (assessment.minimum_living, assessment.accident_share) == (1_000, Decimal("0.5"))


def test_it_shows_the_monthly_figure_per_person_to_the_fen() -> None:
    assessment = assess(income=20_000, expenses=5_000, size=3, cause=Cause.ILLNESS)
    assert assessment.monthly_per_person == Decimal("416.67")
    assert assessment.expense_share == Decimal("0.250")
    assert assessment.relative_line == 2 * LINE
