"""`gonghui snapshots`: the KPI snapshots behind the trend lines.

--now             count today afresh and thin out old snapshots (what the nightly task does)
--months N        keep the first day of each of the last N months, counted from the records
--schedule        book the nightly task in the queue unless it is already booked
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gonghui.kpi import services, tasks


class Command(BaseCommand):
    help = "Keep KPI snapshots for the trend lines, now or nightly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="count today afresh")
        parser.add_argument("--months", type=int, default=0, help="keep N months back")
        parser.add_argument("--schedule", action="store_true", help="book the nightly task")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["months"]:
            days = services.keep_months(options["months"])
            self.stdout.write(_("Kept %(count)d snapshots.") % {"count": len(days)})
        if options["now"]:
            day = services.nightly_count()
            self.stdout.write(_("Counted %(day)s.") % {"day": day.isoformat()})
        if options["schedule"]:
            booked = tasks.schedule_nightly()
            self.stdout.write(
                _("The nightly count is booked.")
                if booked
                else _("The nightly count was already booked.")
            )
