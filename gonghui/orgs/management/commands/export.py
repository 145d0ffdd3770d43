"""`gonghui export {employers,members,unions} -o OUT.xlsx|OUT.csv [--org CODE]`.

Exports a node's subtree (the whole city by default) through the same safe writer and audit as
the pages. Personal data is always masked: a command acts for no user holding the unmask right.
The command lives with the union tree because it picks a node of it; the lists themselves come
from the domains' registered exports (core/exporting.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core.exporting import EXPORTS, export_list
from gonghui.core.tabular import FORMATS
from gonghui.orgs.management.nodes import node_for_command


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _("Export employers, members or unions of a subtree to xlsx or CSV.")
        parser.add_argument("kind", choices=sorted(EXPORTS))
        parser.add_argument("-o", "--output", required=True, type=Path)
        parser.add_argument(
            "--org",
            help=_("Area code of a federation (e.g. 320302) or a union's credit code."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        file_format = output.suffix.lstrip(".").lower()
        if file_format not in FORMATS:
            raise CommandError(_("The output file must end in .xlsx or .csv."), returncode=2)
        node = node_for_command(options["org"])
        kind = EXPORTS[options["kind"]]
        with output.open("wb") as stream:
            count = export_list(
                actor=None,
                kind=kind.name,
                rows=kind.rows(node.as_scope()),
                columns=kind.columns(False),
                file_format=file_format,
                stream=stream,
                filters={"org": node.pk},
            )
        self.stdout.write(
            _("%(count)d rows of %(node)s written to %(path)s")
            % {"count": count, "node": node, "path": output}
        )
