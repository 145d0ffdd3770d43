"""`gonghui restore IN [--yes]`: replace the database with an encrypted backup.

The whole file is decrypted and checked first: a wrong key, a damaged or altered file or a
backup of the other database backend is refused and nothing is touched. Without `--yes` a
database that already holds data is refused too. Audited in the restored database. Exit status
0 restored, 1 refused (the reason on stderr).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database with an encrypted backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, metavar="IN", help="the backup file to restore")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            header = backup_restore(options["source"], overwrite=options["yes"])
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from None
        audit.record(
            actor=None,
            action="core.restore",
            file=str(options["source"]),
            created_at=header["created_at"],
        )
        self.stdout.write(
            _("Restored the backup made at %(created_at)s. Run `gonghui migrate` next.")
            % {"created_at": header["created_at"]}
        )
