"""Legal-aid settings a deployment may change (defaults here):

- `GONGHUI_ARBITRATION_WARNING_DAYS`: a dispute not yet at arbitration is listed as at risk
  this many days before its last day to apply (default 60).
"""

from __future__ import annotations

from django.conf import settings

ARBITRATION_WARNING_DAYS = 60


def arbitration_warning_days() -> int:
    return int(getattr(settings, "GONGHUI_ARBITRATION_WARNING_DAYS", ARBITRATION_WARNING_DAYS))
