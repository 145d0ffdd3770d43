"""The arbitration time limit (仲裁时效), 劳动争议调解仲裁法 第27条.

One year, counted from the day the worker knew or should have known of the infringement
(here `Dispute.arose_on`). Periods follow 民法典 第201条: the first day is not counted, and a
period of years ends on the corresponding day of the last year — the end of February where
that year has no such day (29 February 2024 → 28 February 2025).

The period is interrupted (中断, 第27条第2款) when the worker claims the right from the
employer, asks an authority for relief, or the employer agrees to perform: it then starts
again from that day (`Interruption`, which moves `Dispute.clock_from`). Not modelled, so the
deadline shown errs on the early side: suspension (中止, force majeure, 第3款), a last day that
falls on a public holiday (民法典 第203条), and wages owed during an ongoing employment, for
which the year runs only from the end of the employment (第4款).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from gonghui.legalaid.conf import arbitration_warning_days


def arbitration_deadline(clock_from: dt.date) -> dt.date:
    """The last day to apply for arbitration when the year runs from `clock_from`: the
    corresponding day a year later (29 February → 28 February)."""
    year = clock_from.year + 1
    last = calendar.monthrange(year, clock_from.month)[1]
    return clock_from.replace(year=year, day=min(clock_from.day, last))


@dataclass(frozen=True)
class Clock:
    """Where a dispute stands against its time limit on a day."""

    deadline: dt.date
    today: dt.date

    @property
    def days_left(self) -> int:
        """Days until the last day (0: today is the last day; negative: past it)."""
        return (self.deadline - self.today).days

    @property
    def days_past(self) -> int:
        return max(-self.days_left, 0)

    @property
    def warning(self) -> bool:
        return self.days_left <= arbitration_warning_days()
