"""`gonghui import {employers,members,unions} FILE [--dry-run] [--report OUT.xlsx] [--as USER]`.

Runs the import engine (gonghui/imports) on a file, printing progress to stderr. Exit status:
0 imported (or, with --dry-run, would import), 1 the file has errors and nothing was written,
2 a usage error (unknown user, missing file). Without --as it acts for the city federation,
audited as the command line; with --as it acts in that user's subtree and role.
"""

from __future__ import annotations

import sys
from itertools import islice
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.imports.engine import REGISTRY, Outcome, run_import, throttled
from gonghui.imports.report import write_report
from gonghui.orgs.management.nodes import node_for_command

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _("Import employers, members or unions from an xlsx or CSV file.")
        parser.add_argument("kind", choices=sorted(REGISTRY))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Check only; write nothing."))
        parser.add_argument("--report", type=Path, help=_("Write the error report (xlsx) here."))
        parser.add_argument("--as", dest="username", help=_("Act as this user (their subtree)."))

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path}, returncode=2)
        actor, scope = _acting(options["username"])
        importer = REGISTRY[options["kind"]](actor=actor, scope=scope)
        with path.open("rb") as stream:
            outcome = run_import(importer, stream, path.name, dry_run=options["dry_run"],
                                 on_progress=throttled(_show_progress))  # fmt: skip
        try:
            if options["report"]:
                with options["report"].open("wb") as report:
                    write_report(outcome, report)
            self._summarise(outcome)
        finally:
            outcome.close()
        if not outcome.ok:
            sys.exit(1)

    def _summarise(self, outcome: Outcome) -> None:
        if outcome.file_error:
            self.stderr.write(outcome.file_error)
            return
        for number, _cells, errors in islice(outcome.bad_row_list(), SHOWN_PROBLEMS):
            for error in errors:
                self.stderr.write(f"{_('Row')} {number} · {error.column} · {error.value} · "
                                  f"{error.message}")  # fmt: skip
        counts = {**outcome.counts, "rows": outcome.rows, "bad": outcome.bad_rows}
        if outcome.bad_rows:
            message = _("%(bad)d of %(rows)d rows have errors; nothing was written.")
        elif outcome.written:
            message = _("%(rows)d rows imported: %(create)d new, %(update)d updated, "
                        "%(unchanged)d unchanged.")  # fmt: skip
        else:
            message = _("Dry run, nothing written: %(rows)d rows are correct: %(create)d new, "
                        "%(update)d to update, %(unchanged)d unchanged.")  # fmt: skip
        self.stdout.write(message % counts)


def _acting(username: str | None) -> tuple[Any, Any]:
    if username is None:
        return None, node_for_command(None).as_scope()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(name)s.") % {"name": username}, returncode=2)
    if not user.may_edit:
        raise CommandError(_("Your role may read the registry but not change it."), returncode=2)
    return user, user.scope


def _show_progress(phase: str, rows: int) -> None:
    label = _("writing") if phase == "writing" else _("checked")
    sys.stderr.write(f"{label} {rows:,}\n")
