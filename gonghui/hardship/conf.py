"""Per-city thresholds of the hardship tiers (domain.md §4: no single national formula).

A deployment sets them in its settings; these are the defaults:

- `GONGHUI_HARDSHIP_MINIMUM_LIVING`: the local 低保 standard, whole yuan per person per month;
- `GONGHUI_HARDSHIP_ACCIDENT_SHARE`: the share of the household's yearly income that a year's
  rigid expenses must exceed for 意外致困.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

MINIMUM_LIVING = 870
ACCIDENT_SHARE = "0.8"


def minimum_living() -> int:
    return int(getattr(settings, "GONGHUI_HARDSHIP_MINIMUM_LIVING", MINIMUM_LIVING))


def accident_share() -> Decimal:
    return Decimal(str(getattr(settings, "GONGHUI_HARDSHIP_ACCIDENT_SHARE", ACCIDENT_SHARE)))
