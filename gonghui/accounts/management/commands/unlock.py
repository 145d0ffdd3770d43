"""`gonghui unlock USERNAME [--as SECADMIN]`: lift a lock left by failed sign-ins, audited.

Without --as it acts as the command line (whoever holds the server's shell); with --as the
named user must be an active security administrator."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.accounts.management.actors import command_actor
from gonghui.accounts.services import account_unlock


class Command(BaseCommand):
    help = _("Unlock an account locked after failed sign-ins.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--as", dest="actor", help=_("Act as this security administrator."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            was_locked = account_unlock(
                actor=command_actor(options["actor"]), username=options["username"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if was_locked:
            self.stdout.write(_("%(name)s is unlocked.") % {"name": options["username"]})
        else:
            self.stdout.write(_("%(name)s was not locked.") % {"name": options["username"]})
