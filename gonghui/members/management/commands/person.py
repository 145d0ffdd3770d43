"""`gonghui person erase --id-number N`: the data-protection officer erases a person (删除权).

Exit 0 erased (rows changed per domain on stdout), 1 no such person or a bad ID number."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.members.erasure import person_erase


class Command(BaseCommand):
    help = "Erase a person's name, ID number and mobile everywhere; the figures stay."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        erase = actions.add_parser("erase", help="erase a person by ID number")
        erase.add_argument("--id-number", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = person_erase(actor=None, id_number=options["id_number"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        for app, rows in changed.items():
            self.stdout.write(f"{app}\t{rows}")
        self.stdout.write(_("The person's personal data was erased."))
