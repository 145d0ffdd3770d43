"""The audit trail's hash chain (seq, hash) and the database's guard that keeps it append-only.

The guard refuses every UPDATE and DELETE of an entry, except the sealing step's one update
(seq from NULL and hash from '' to a value, nothing else changed) and, on SQLite, removing
entries from the trail's oldest end: SQLite has no TRUNCATE, and a whole-table delete (a demo
reset, a test database flush) goes oldest first. PostgreSQL refuses every DELETE; TRUNCATE fires no row
trigger. SQLite drops a table's triggers when a migration rebuilds the table: a later migration
that alters core_auditentry must run `guard` again.
"""

from typing import Any

from django.db import migrations, models

SQLITE_GUARD = [
    """
    CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    WHEN NOT (
        OLD.seq IS NULL AND OLD.hash = '' AND NEW.seq IS NOT NULL AND length(NEW.hash) = 64
        AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor_id IS OLD.actor_id
        AND NEW.action IS OLD.action AND NEW.object_type IS OLD.object_type
        AND NEW.object_id IS OLD.object_id AND NEW.result IS OLD.result
        AND NEW.remote_addr IS OLD.remote_addr AND NEW.detail IS OLD.detail
    )
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    WHEN OLD.id > (SELECT min(id) FROM core_auditentry)
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: DELETE refused'); END
    """,
]
SQLITE_UNGUARD = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]
POSTGRESQL_GUARD = [
    """
    CREATE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash = ''
           AND NEW.seq IS NOT NULL AND length(NEW.hash) = 64
           AND to_jsonb(NEW) - 'seq' - 'hash' = to_jsonb(OLD) - 'seq' - 'hash' THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END $$
    """,
    """
    CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()
    """,
]
POSTGRESQL_UNGUARD = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)  # no placeholders: % is literal


def guard(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_GUARD, "postgresql": POSTGRESQL_GUARD})


def unguard(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_UNGUARD, "postgresql": POSTGRESQL_UNGUARD})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(
                blank=True, db_default="", max_length=64, verbose_name="chain hash"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(
                blank=True, null=True, unique=True, verbose_name="sequence number"
            ),
        ),
        migrations.RunPython(guard, unguard),
    ]
