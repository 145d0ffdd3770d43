"""`gonghui plan [FILE] [--org CODE] [--year YYYY]`: load a work plan's targets for a node.

FILE is JSON: {"name": …, "source": …, "targets": {metric key: value}}; without it, the plan
of the source article (kpi/plans/xuzhou.json). A plan already there for that node and year is
replaced, and the change is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.kpi.services import ARTICLE_PLAN, plan_load
from gonghui.orgs.management.nodes import node_for_command


class Command(BaseCommand):
    help = "Load a work plan's targets for a node of the union tree."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=ARTICLE_PLAN)
        parser.add_argument("--org", help="area code (320302), credit code or U<number>")
        parser.add_argument("--year", type=int, default=timezone.localdate().year)

    def handle(self, *args: Any, **options: Any) -> None:
        node = node_for_command(options["org"])
        try:
            plan = plan_load(actor=None, org=node, year=options["year"], path=options["file"])
        except (OSError, ValueError, KeyError, TypeError) as problem:
            raise CommandError(
                _("%(file)s is not a plan file: %(problem)s")
                % {"file": options["file"], "problem": problem},
                returncode=2,
            ) from None
        except ValidationError as refusal:
            raise CommandError("; ".join(refusal.messages), returncode=2) from None
        targets = ", ".join(f"{t.metric}={t.value}" for t in plan.targets.all())
        self.stdout.write(
            _("%(org)s %(year)d: %(targets)s")
            % {"org": node.name, "year": plan.year, "targets": targets}
        )
