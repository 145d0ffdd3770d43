"""`gonghui demo`: load a synthetic 徐州市 with accounts at every level of the union tree."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role
from gonghui.demo.generator import DatabaseNotEmptyError, DemoResult, demo_load, has_business_data
from gonghui.demo.scales import SCALES
from gonghui.portal.models import WorkerProfile


def new_password() -> str:
    """A random password the deployment's password policy accepts (most draws do)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password)
        except ValidationError:
            continue
        return password


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        # Here rather than in `help`: the class attribute would be translated at import time.
        parser.description = _(
            "Load a synthetic Xuzhou (徐州市): union tree, employers, members and demo accounts. "
            "Scales: small (2,000 employers, 50,000 members), city (200,000 and 2,000,000), "
            "tiny (for tests)."
        )
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--password",
            help=_("Password of every demo account (default: $GONGHUI_DEMO_PASSWORD or new)."),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Delete all business data and accounts first."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing, successfully, when the database already holds data."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and not options["reset"] and has_business_data():
            self._report_existing()
            return
        password = options["password"] or os.environ.get("GONGHUI_DEMO_PASSWORD") or new_password()
        self.stdout.write(_("Loading the %(scale)s demo city…") % {"scale": options["scale"]})
        try:
            result = demo_load(
                scale=SCALES[options["scale"]],
                seed=options["seed"],
                password=password,
                reset=options["reset"],
                progress=self.stdout.write,
            )
        except DatabaseNotEmptyError as refusal:
            raise CommandError(
                _("%(reason)s Run again with --reset to replace it, or --if-empty to keep it.")
                % {"reason": refusal}
            ) from None
        self._report_loaded(result, password)

    def _report_existing(self) -> None:
        usernames = get_user_model().objects.order_by("username").values_list("username", flat=True)
        self.stdout.write(_("The database already holds data; nothing was loaded."))
        self.stdout.write(_("Accounts: %(names)s") % {"names": ", ".join(usernames) or "—"})
        self.stdout.write(
            _(
                "Their password cannot be shown: only its hash is stored. Reset it with "
                "`gonghui changepassword <username>`."
            )
        )

    def _report_loaded(self, result: DemoResult, password: str) -> None:
        width = max(len(account.username) for account in result.accounts)
        self.stdout.write("")
        username, role, union = _("Username"), _("Role"), _("Union")
        self.stdout.write(f"{username:<{width}}  {role:<10}  {union}")
        for account in result.accounts:
            self.stdout.write(
                f"{account.username:<{width}}  {Role(account.role).label:<10}  {account.union_name}"
            )
        self.stdout.write(_("Password of every account: %(password)s") % {"password": password})
        worker = WorkerProfile.objects.order_by("pk").first()
        if worker is not None:
            self.stdout.write(
                _("Workers sign in at /portal/signin/ with their mobile, e.g. %(mobile)s.")
                % {"mobile": worker.mobile}
            )
        counts = ", ".join(
            f"{table.model._meta.verbose_name_plural} {table.rows:,} ({table.seconds:.1f} s)"
            for table in result.tables
        )
        self.stdout.write(_("Loaded %(counts)s") % {"counts": counts})
        self.stdout.write(
            self.style.SUCCESS(_("Done in %(seconds).1f s.") % {"seconds": result.seconds})
        )
