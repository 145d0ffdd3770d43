"""`legalaid_service`, the database view behind `models.Service`: one row per consultation and
per dispute, so the legal_cases figure counts both in one grouped query. Ids are made unique
across the two (consultations even, disputes odd); the same SQL runs on SQLite and PostgreSQL.

The view reads other apps' tables (users, cases). SQLite rebuilds a table to change it
(Django's `_remake_table`: copy, drop, rename), and refuses the rename while a view names the
dropped table. So every `migrate` drops the view first and creates it again at the end
(`pre_migrate` / `post_migrate`, connected in `apps.py`): a later migration of any table it
reads goes through on SQLite.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

NAME = "legalaid_service"


def view_sql(apps: Any) -> str:
    def table(model: str) -> str:
        return apps.get_model(*model.split("."))._meta.db_table

    return f"""
        CREATE VIEW {NAME} AS
        SELECT 2 * c.id AS id, 'consultation' AS kind, c.union_id AS union_id,
               u.first_name AS title, c.held_on AS opened_on,
               CAST(NULL AS DATE) AS arbitration_on, CAST(NULL AS DATE) AS litigation_on,
               CAST(NULL AS DATE) AS closed_on, '' AS result
        FROM {table("legalaid.Consultation")} c
        JOIN {table("legalaid.Booking")} b ON b.id = c.booking_id
        JOIN {table("accounts.User")} u ON u.id = b.worker_id
        UNION ALL
        SELECT 2 * d.id + 1, 'dispute', d.union_id, k.title, d.opened_on,
               d.arbitration_on, d.litigation_on, d.closed_on, d.result
        FROM {table("legalaid.Dispute")} d
        JOIN {table("cases.Case")} k ON k.id = d.case_id
    """


def drop_view(using: str, **kwargs: Any) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"DROP VIEW IF EXISTS {NAME}")


def restore_view(using: str, **kwargs: Any) -> None:
    """Create the view once every table it reads exists (it is not there: `drop_view` ran at
    the start of this migrate)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names(include_views=True))
    needed = {"legalaid_consultation", "legalaid_booking", "legalaid_dispute", "cases_case"}
    if not needed <= tables or NAME in tables:
        return
    from django.apps import apps as registry

    with connection.cursor() as cursor:
        cursor.execute(view_sql(registry))
