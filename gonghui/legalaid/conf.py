"""Legal-aid settings a deployment may change (`GONGHUI_ARBITRATION_WARNING_DAYS`: a dispute
not yet at arbitration is listed as at risk this many days before its last day to apply)."""

from __future__ import annotations

from django.conf import settings


def arbitration_warning_days() -> int:
    return settings.GONGHUI_ARBITRATION_WARNING_DAYS
