"""Per-city thresholds of the hardship tiers (domain.md §4: no single national formula), set
in the deployment's settings (`GONGHUI_HARDSHIP_MINIMUM_LIVING`: the local 低保 standard, whole
yuan per person per month; `GONGHUI_HARDSHIP_ACCIDENT_SHARE`: the share of the household's
yearly income that a year's rigid expenses must exceed for 意外致困)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def minimum_living() -> int:
    return settings.GONGHUI_HARDSHIP_MINIMUM_LIVING


def accident_share() -> Decimal:
    return Decimal(str(settings.GONGHUI_HARDSHIP_ACCIDENT_SHARE))
