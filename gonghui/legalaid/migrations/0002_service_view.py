"""`legalaid_service`: one row per consultation and per dispute (models.Service), so the
legal_cases figure counts both in one grouped query. Ids are made unique across the two
(consultations even, disputes odd). The same SQL runs on SQLite and PostgreSQL."""

from typing import Any

from django.db import migrations


def _sql(apps: Any) -> str:
    def table(model: str) -> str:
        return apps.get_model(*model.split("."))._meta.db_table

    return f"""
        CREATE VIEW legalaid_service AS
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


def create_view(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(_sql(apps))


def drop_view(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute("DROP VIEW IF EXISTS legalaid_service")


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0001_initial")]

    operations = [migrations.RunPython(create_view, drop_view)]
