"""`gonghui totp reset USERNAME [--as SECADMIN]`: remove a user's authenticator app (a lost
phone), audited; their next sign-in sets up a new one where two-step sign-in is required.

Without --as it acts as the command line (whoever holds the server's shell); with --as the
named user must be an active security administrator."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.accounts.management.actors import command_actor
from gonghui.accounts.services import totp_device_reset


class Command(BaseCommand):
    help = _("Two-step sign-in: reset a user's authenticator app.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        reset = actions.add_parser("reset", help=_("Remove the user's authenticator app."))
        reset.add_argument("username")
        reset.add_argument("--as", dest="actor", help=_("Act as this security administrator."))

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["actor"])
        if not get_user_model().objects.filter(username=options["username"]).exists():
            raise CommandError(_("No user %(name)s.") % {"name": options["username"]})
        try:
            had_device = totp_device_reset(actor=actor, username=options["username"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if had_device:
            self.stdout.write(
                _("%(name)s's authenticator app is removed.") % {"name": options["username"]}
            )
        else:
            self.stdout.write(
                _("%(name)s had no authenticator app.") % {"name": options["username"]}
            )
