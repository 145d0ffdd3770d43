"""The service view reads other apps' tables; a migration that rebuilds one of them (SQLite
rebuilds a table to add or drop a column) must still go through, and the view come back."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from gonghui.legalaid.view import NAME


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_a_table_the_view_reads_goes_through() -> None:
    # accounts 0005 adds User.is_demo: undoing and redoing it rebuilds accounts_user on SQLite.
    call_command("migrate", "accounts", "0004", verbosity=0)
    call_command("migrate", verbosity=0)
    assert NAME in connection.introspection.table_names(include_views=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {NAME}")
        assert cursor.fetchone() == (0,)
