"""`gonghui token create --org CODE --name NAME [--access read|read_write] [--days N]`,
`gonghui token list`, `gonghui token revoke ID`.

Issues API tokens from the command line (audited with no actor, as the system). The secret is
printed once, on its own line, for a script to capture; only its hash is kept. Exit status 2
for a usage error (unknown node or token, a refused value).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.api import services
from gonghui.api.models import ApiToken
from gonghui.orgs.management.nodes import node_for_command


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _("Issue, list and revoke API tokens for partner agencies.")
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("Issue a token; its secret is shown once."))
        create.add_argument(
            "--org",
            required=True,
            help=_("Area code of a federation (e.g. 320302) or a union's credit code."),
        )
        create.add_argument("--name", required=True, help=_("The partner agency."))
        create.add_argument("--access", choices=ApiToken.Access.values, default="read")
        create.add_argument("--days", type=int, default=services.DEFAULT_DAYS)
        actions.add_parser("list", help=_("List every token, newest first."))
        revoke = actions.add_parser("revoke", help=_("Revoke a token at once."))
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None

    def _create(self, options: dict[str, Any]) -> None:
        issued = services.token_create(
            actor=None,
            union=node_for_command(options["org"]),
            name=options["name"],
            access=options["access"],
            days=options["days"],
        )
        token = issued.token
        self.stderr.write(
            _("Token %(id)d for %(name)s (%(union)s), %(access)s, expires %(expires)s. "
              "Copy the secret now: it is not shown again.")
            % {"id": token.pk, "name": token.name, "union": token.union,
               "access": token.get_access_display(), "expires": _day(token.expires_at)}
        )  # fmt: skip
        self.stdout.write(issued.secret)

    def _list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("union"):
            self.stdout.write(
                "\t".join([str(token.pk), token.prefix + "…", token.name, str(token.union),
                           token.access, _day(token.expires_at), str(token.state_label)])
            )  # fmt: skip

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(_("No API token %(id)d.") % {"id": options["id"]}, returncode=2)
        services.token_revoke(actor=None, token=token)
        self.stdout.write(_("Token %(token)s revoked.") % {"token": token})


def _day(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"
