"""`gonghui kpi [--org CODE] [--as-of YYYY-MM-DD] [--json]`: every metric at every node of a
subtree, with its target and status — the same figures the dashboard and the API show."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.kpi.forms import AsOfForm
from gonghui.kpi.selectors import subtree_rows
from gonghui.orgs.management.nodes import node_for_command


def _day(text: str) -> dt.date:
    """The --as-of day, checked as the dashboard checks it (a date, not after today)."""
    form = AsOfForm({"as_of": text})
    if not form.is_valid():
        problem = " ".join(form.errors["as_of"])
        raise CommandError(f"--as-of {text}: {problem}", returncode=2)
    return form.cleaned_data["as_of"]


class Command(BaseCommand):
    help = "Print every metric at every node of a subtree, with targets and status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="area code (320302), credit code or U<number>")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD; today when omitted")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        node = node_for_command(options["org"])
        day = _day(options["as_of"]) if options["as_of"] else None
        as_of, rows = subtree_rows(node, day)
        if options["json"]:
            document = {"as_of": as_of.isoformat(), "rows": [row.as_json() for row in rows]}
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        self.stdout.write(_("As of %(day)s") % {"day": as_of.isoformat()})
        for row in rows:
            figure = row.figure
            counts = f"{figure.numerator}" + (
                f"/{figure.denominator}" if figure.denominator is not None else ""
            )
            value = "—" if figure.value is None else f"{figure.value:g}"
            target = "" if figure.target is None else f"{figure.target:g}"
            self.stdout.write(
                f"{row.org}\t{row.name}\t{figure.metric.key}\t{counts}\t{value}\t{target}\t"
                f"{figure.status.label}"
            )
