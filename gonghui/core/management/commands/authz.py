"""`gonghui authz matrix [--format md|csv] [--view NAME ...]`: the authorization matrix.

Every URL pattern × every role (and anonymous, and a read and a read-write API token) × a
record inside and outside the principal's subtree × GET, POST, PUT, PATCH, DELETE → the status
answered and, where the rule expects another answer, what is wrong. The walk runs against a
throwaway test database holding the test city (never the configured data) and is the same code
as core/tests/test_authorization_matrix.py, so an assessor reruns the test's evidence. Needs the
development dependencies (`uv sync`). Exit status 1 when any cell breaks the rule.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment
from django.utils.translation import gettext as _

from gonghui.conftest import build_world
from gonghui.core.tests.test_scope_walk import routes
from gonghui.testing import matrix

FORMATS = ("md", "csv")
# As in the tests: the test city's users have a known password (the fast hasher will do), and
# static files are served by their plain names (no `collectstatic` manifest needed).
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


class Command(BaseCommand):
    help = "Print the authorization matrix: view × role × inside/outside × method → status."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        table = actions.add_parser("matrix", help="walk every URL pattern and print the answers")
        table.add_argument("--format", choices=FORMATS, default="md")
        table.add_argument("--view", action="append", default=[],
                           help="only this URL name (repeatable), e.g. members:detail")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        patterns = [route for route in routes() if route.name in options["view"]]
        if len(patterns) < len(set(options["view"])):
            raise CommandError(_("Unknown URL name in --view."))
        as_in_tests = override_settings(
            PASSWORD_HASHERS=[FAST_HASHER],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}},
        )
        with throwaway_database(), as_in_tests, transaction.atomic():
            cells = list(matrix.walk(build_world(), patterns or None))
            transaction.set_rollback(True)
        write = write_csv if options["format"] == "csv" else write_markdown
        write(cells, self.stdout)
        wrong = matrix.problems(cells)
        for line in wrong:
            self.stderr.write(line)
        if wrong:
            raise CommandError(_("%(count)d cells break the rule.") % {"count": len(wrong)})


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A new, migrated test database for the walk, dropped afterwards."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _header() -> list[str]:
    return [_("view"), _("role"), _("record"), _("method"), _("status"), _("problem")]


def _row(cell: matrix.Cell) -> list[str]:
    return [cell.view, cell.principal, cell.where, cell.method, str(cell.status), cell.problem]


def write_markdown(cells: list[matrix.Cell], out: TextIO) -> None:
    header = _header()
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "---|" * len(header) + "\n")
    for cell in cells:
        out.write("| " + " | ".join(value.replace("|", "\\|") for value in _row(cell)) + " |\n")


def write_csv(cells: list[matrix.Cell], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_header())
    writer.writerows(_row(cell) for cell in cells)
