"""`gonghui backup OUT`: an encrypted copy of the database, made while the site runs.

Prints the file's size and SHA-256 (to note beside the copy kept elsewhere); audited. Exit
status 0 written, 1 refused (the reason on stderr).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write an encrypted backup of the database to OUT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = backup_create(options["out"])
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from None
        audit.record(
            actor=None,
            action="core.backup",
            file=str(made.path),
            size=made.size,
            sha256=made.sha256,
        )
        self.stdout.write(
            _("Backup written: %(path)s, %(size)d bytes, SHA-256 %(sha256)s")
            % {"path": made.path, "size": made.size, "sha256": made.sha256}
        )
