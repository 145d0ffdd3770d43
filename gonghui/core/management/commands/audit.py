"""`gonghui audit`: the audit trail's hash chain.

seal [--schedule]          chain the entries written so far; print the head to keep elsewhere;
                           --schedule books the background seal (every few minutes)
verify [--unsealed-minutes N] [--head SEQ:HASH]
                           recompute the chain: exit 0 intact, 1 something is wrong (each
                           finding on stderr), 2 usage
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core import chain, tasks


class Command(BaseCommand):
    help = "Seal the audit trail's hash chain, or verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        seal = actions.add_parser("seal", help="chain the unsealed entries")
        seal.add_argument("--schedule", action="store_true", help="book the background seal")
        verify = actions.add_parser("verify", help="recompute the chain and report tampering")
        verify.add_argument(
            "--unsealed-minutes",
            type=int,
            default=int(tasks.UNSEALED_AFTER.total_seconds() // 60),
            help="report entries unsealed for longer than this",
        )
        verify.add_argument("--head", help="SEQ:HASH printed by an earlier seal")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal":
            self._seal(schedule=options["schedule"])
        else:
            self._verify(minutes=options["unsealed_minutes"], head=options["head"])

    def _seal(self, *, schedule: bool) -> None:
        sealed = chain.seal()
        last = chain.head()
        self.stdout.write(_("Entries sealed: %(count)d.") % {"count": sealed})
        if last is not None:
            self.stdout.write(_("Head: %(head)s") % {"head": f"{last.seq}:{last.hash}"})
        if schedule:
            self.stdout.write(
                _("The background seal is booked.")
                if tasks.schedule_sealing()
                else _("The background seal was already booked.")
            )

    def _verify(self, *, minutes: int, head: str | None) -> None:
        if minutes < 1:
            raise CommandError(_("--unsealed-minutes must be at least 1."), returncode=2)
        findings = chain.verify(
            unsealed_after=dt.timedelta(minutes=minutes), expected_head=_parse_head(head)
        )
        for finding in findings:
            self.stderr.write(finding.message)
        if findings:
            raise CommandError(
                _("The audit trail failed verification. Findings: %(count)d.")
                % {"count": len(findings)},
                returncode=1,
            )
        last = chain.head()
        self.stdout.write(
            _("The audit trail is intact up to entry no. %(seq)d.") % {"seq": last.seq}
            if last
            else _("The audit trail has no sealed entries yet.")
        )


def _parse_head(text: str | None) -> chain.Head | None:
    if text is None:
        return None
    match = re.fullmatch(r"(\d+):([0-9a-f]{64})", text)
    if match is None:
        raise CommandError(_("--head must be SEQ:HASH as printed by the seal."), returncode=2)
    return chain.Head(int(match[1]), match[2])
