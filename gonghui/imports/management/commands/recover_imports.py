"""`gonghui recover_imports`: mark failed the imports a stopped worker left running.

Run it when the worker starts (after a crash or a `kill -9`); new imports run it too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.imports.services import jobs_recover_interrupted


class Command(BaseCommand):
    help = "Mark failed the imports whose worker stopped before finishing them."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = jobs_recover_interrupted()
        self.stdout.write(f"{recovered} interrupted import(s) marked failed.")
