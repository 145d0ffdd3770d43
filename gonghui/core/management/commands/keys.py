"""`gonghui keys`: the data keys that encrypt personal data (ID numbers, mobiles, medical notes).

status                      how many stored values each key still holds
rotate [--batch-size N]     make a new primary key and move every value to it while the app
                            keeps serving; run again to finish a rotation that was stopped;
       [--keep-primary]     make no key: move the values to the primary key in force
drop KEY_ID                 remove a retired key from the key file once it holds no value
new                         print a fresh key (for keys kept in the environment)

Keys in the environment cannot be rewritten by the command, and a process reads them only when
it starts. Rotate them in two restarts so that every running process can always read every value:
1. GONGHUI_DATA_KEYS_RETIRED=<new key>,<old retired keys>; restart (the new key only decrypts);
2. GONGHUI_DATA_KEY=<new key>, GONGHUI_DATA_KEYS_RETIRED=<old primary>,…; restart;
3. `gonghui keys rotate`; when `gonghui keys status` shows the old keys hold nothing, remove
   them from GONGHUI_DATA_KEYS_RETIRED (keep a copy while backups made before need them).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core import crypto, rotation


class Command(BaseCommand):
    help = "Show, rotate or drop the data keys that encrypt personal data."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("status", help="how many values each key still holds")
        rotate = actions.add_parser("rotate", help="move every value to a new primary key")
        rotate.add_argument("--batch-size", type=int, default=rotation.BATCH_ROWS)
        rotate.add_argument(
            "--keep-primary",
            action="store_true",
            help="make no new key: move the values to the primary key in force",
        )
        rotate.add_argument(
            "--settle-seconds",
            type=float,
            default=2 * crypto.KEY_FILE_CHECK_SECONDS,
            help="wait after writing the new key so running processes read it",
        )
        drop = actions.add_parser("drop", help="remove a retired key that holds no value")
        drop.add_argument("key_id")
        actions.add_parser("new", help="print a fresh key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "status":
                self._status()
            elif options["action"] == "rotate":
                self._rotate(
                    options["batch_size"], options["settle_seconds"], not options["keep_primary"]
                )
            elif options["action"] == "drop":
                rotation.drop_key(actor=None, key_id=options["key_id"])
                self.stdout.write(_("Key %(key)s removed.") % {"key": options["key_id"]})
            else:
                self.stdout.write(crypto.new_key())
        except crypto.KeyringError as error:
            raise CommandError(str(error), returncode=1) from None

    def _status(self) -> None:
        ring = crypto.keyring(fresh=True)
        roles = {key_id.hex(): _("retired") for key_id in ring.key_ids[1:]}
        roles[ring.primary.key_id.hex()] = _("primary")
        totals = dict.fromkeys(roles, 0)
        for label, counts in rotation.key_status().items():
            for key, count in sorted(counts.items()):
                self.stdout.write(f"{label}\t{key}\t{count}")
                totals[key] = totals.get(key, 0) + count
        for key, count in totals.items():
            role = roles.get(key, _("unknown") if key != rotation.LEGACY else _("not named"))
            self.stdout.write(
                _("Key %(key)s (%(role)s): %(count)d values.")
                % {"key": key, "role": role, "count": count}
            )

    def _rotate(self, batch_size: int, settle_seconds: float, make_key: bool) -> None:
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1."), returncode=2)

        def report(done: rotation.Rotation) -> None:
            self.stderr.write(
                _("%(read)d rows read, %(rewritten)d values rewritten")
                % {"read": done.rows_read, "rewritten": sum(done.rewritten.values())}
            )

        done = rotation.rotate(actor=None, make_key=make_key, settle_seconds=settle_seconds,
                               batch_size=batch_size, progress=report)  # fmt: skip
        if done.resumed:
            self.stdout.write(_("Resumed the rotation to key %(key)s.") % {"key": done.key_id})
        self.stdout.write(
            _("Every value is under key %(key)s; %(rewritten)d rewritten.")
            % {"key": done.key_id, "rewritten": sum(done.rewritten.values())}
            if not done.left
            else _("%(left)d values are still under other keys: run the rotation again.")
            % {"left": done.left}
        )
