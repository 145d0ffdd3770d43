"""`legalaid_service`: one row per consultation and per dispute (models.Service). The view is
created by `post_migrate` at the end of every migrate, not here, and dropped at its start, so
that no later migration of a table it reads meets it on SQLite (`gonghui/legalaid/view.py`)."""

from typing import Any

from django.db import migrations

from gonghui.legalaid.view import NAME


def drop_view(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP VIEW IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, drop_view)]
