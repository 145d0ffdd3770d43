"""Backups: a restored backup is the database row for row; a wrong key, an altered file or a
database that holds data is refused and changes nothing; the commands an operator runs."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import load_backend
from django.test import override_settings
from django.utils import translation

from gonghui.conftest import World, resident_id
from gonghui.core import crypto
from gonghui.core.backup import BackupError, backup_create, backup_restore
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)

RESTORED = "restored"
SCRATCH_PG_DATABASE = "gonghui_restore_test"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The refusals are read in English here (their Chinese is the catalogue's business)."""
    with translation.override("en"):
        yield


def table_rows(alias: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table and view of the database, its rows sorted, compared by value."""
    connection = connections[alias]
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor, include_views=True)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            tables[table] = sorted(rows, key=repr)
    return tables


@pytest.fixture
def restored_database(tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same backend, reachable as the RESTORED alias."""
    default = connections["default"]
    postgres = default.vendor == "postgresql"
    if postgres:
        with default.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {SCRATCH_PG_DATABASE} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {SCRATCH_PG_DATABASE}")
        name: str = SCRATCH_PG_DATABASE
    else:
        name = str(tmp_path / "restored.sqlite3")
    # Handed to `connections` without a settings entry: Django's test case lets such a
    # dynamically made connection through, and the code under test finds it by its alias.
    restored = load_backend(default.settings_dict["ENGINE"]).DatabaseWrapper(
        {**default.settings_dict, "NAME": name}, RESTORED
    )
    setattr(connections._connections, RESTORED, restored)
    yield RESTORED
    restored.close()
    delattr(connections._connections, RESTORED)
    if postgres:
        with default.cursor() as cursor:
            cursor.execute(f"DROP DATABASE {SCRATCH_PG_DATABASE} WITH (FORCE)")


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def command(name: str, *args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(name, *args, stdout=out)
    return out.getvalue()


def refused_command(name: str, *args: str) -> str:
    with pytest.raises(CommandError) as caught, translation.override("en"):
        call_command(name, *args, stdout=StringIO())
    assert caught.value.returncode == 1
    return str(caught.value)


def test_a_restored_backup_holds_every_table_row_for_row(
    world: World, restored_database: str, tmp_path: Path
) -> None:
    before = table_rows("default")
    made = backup_create(tmp_path / "city.bak")

    backup_restore(made.path, using=restored_database)

    after = table_rows(restored_database)
    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert model_tables <= set(before)
    assert before[Member._meta.db_table]
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table
    member = Member.objects.using(restored_database).get(pk=world.a.member.pk)
    assert crypto.decrypt(member.id_cipher) == resident_id("320302", "19900101", 11)


def test_the_backup_file_is_private_and_shows_no_data_nor_key(world: World, tmp_path: Path) -> None:
    key = base64.b64encode(os.urandom(32)).decode()

    with override_settings(GONGHUI_BACKUP_KEY=key):
        made = backup_create(tmp_path / "city.bak")

    content = made.path.read_bytes()
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert made.size == len(content)
    assert made.sha256 == hashlib.sha256(content).hexdigest()
    assert world.a.member.name.encode() not in content
    assert key.encode() not in content
    assert base64.b64decode(key) not in content
    assert [p.name for p in tmp_path.iterdir()] == ["city.bak"]


@pytest.mark.parametrize("where", ["header", "first chunk", "last byte"])
def test_an_altered_backup_is_refused_and_changes_nothing(
    world: World, tmp_path: Path, where: str
) -> None:
    made = backup_create(tmp_path / "city.bak")
    offset = {"header": 33, "first chunk": 200, "last byte": made.size - 1}[where]
    flip_byte(made.path, offset)
    Member.objects.filter(pk=world.a.member.pk).update(name="王五")
    before = table_rows("default")

    with pytest.raises(BackupError, match="damaged or has been altered"):
        backup_restore(made.path, overwrite=True)

    assert table_rows("default") == before


def test_a_backup_cut_short_is_refused(world: World, tmp_path: Path) -> None:
    made = backup_create(tmp_path / "city.bak")
    made.path.write_bytes(made.path.read_bytes()[:-100])
    before = table_rows("default")

    with pytest.raises(BackupError, match="damaged or has been altered"):
        backup_restore(made.path, overwrite=True)

    assert table_rows("default") == before


def test_a_backup_is_refused_under_another_key(world: World, tmp_path: Path) -> None:
    made = backup_create(tmp_path / "city.bak")
    Member.objects.filter(pk=world.a.member.pk).update(name="王五")
    before = table_rows("default")
    other_key = base64.b64encode(os.urandom(32)).decode()

    with (
        override_settings(GONGHUI_BACKUP_KEY=other_key),
        pytest.raises(BackupError, match="made with another backup key"),
    ):
        backup_restore(made.path, overwrite=True)

    assert table_rows("default") == before


def test_the_backup_key_may_come_from_a_file_named_in_the_environment(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "backup.key"
    key_file.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")
    monkeypatch.setenv("GONGHUI_BACKUP_KEY_FILE", str(key_file))
    fresh = tmp_path / "data"

    with override_settings(DATA_DIR=fresh):
        made = backup_create(tmp_path / "city.bak")
        backup_restore(made.path, overwrite=True)
    monkeypatch.delenv("GONGHUI_BACKUP_KEY_FILE")
    with override_settings(DATA_DIR=fresh), pytest.raises(BackupError, match="No backup key"):
        backup_restore(made.path, overwrite=True)

    assert not (fresh / "backup_key").exists()


def test_a_backup_key_that_is_not_32_bytes_is_refused(tmp_path: Path) -> None:
    with (
        override_settings(GONGHUI_BACKUP_KEY="too-short"),
        pytest.raises(BackupError, match="32 bytes in base64"),
    ):
        backup_create(tmp_path / "city.bak")

    assert not list(tmp_path.iterdir())


def test_a_file_that_is_not_a_backup_is_refused(world: World, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")

    with pytest.raises(BackupError, match="not a Gonghui backup"):
        backup_restore(other, overwrite=True)


def test_a_backup_of_another_database_backend_is_refused(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = backup_create(tmp_path / "city.bak")
    monkeypatch.setattr(connections["default"], "vendor", "oracle")

    with pytest.raises(BackupError, match="backup; the database is oracle"):
        backup_restore(made.path, overwrite=True)


def test_the_commands_back_up_and_restore_a_database_that_holds_data(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "city.bak"
    before = table_rows("default")

    printed = command("backup", str(out))

    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"{out.stat().st_size} bytes, SHA-256 {digest}" in printed
    assert AuditEntry.objects.filter(action="core.backup", detail__sha256=digest).exists()
    Member.objects.filter(pk=world.a.member.pk).update(name="王五")

    assert "already holds data: give --yes" in refused_command("restore", str(out))
    assert Member.objects.get(pk=world.a.member.pk).name == "王五"

    assert "Restored the backup made at" in command("restore", str(out), "--yes")

    after = table_rows("default")
    assert Member.objects.get(pk=world.a.member.pk).name == "张三"
    restore_entry = AuditEntry.objects.get(action="core.restore")
    audit_table = AuditEntry._meta.db_table
    assert {table: rows for table, rows in after.items() if table != audit_table} == {
        table: rows for table, rows in before.items() if table != audit_table
    }
    assert [row for row in after[audit_table] if row[0] != restore_entry.pk] == before[audit_table]


def test_restore_refuses_an_altered_backup_with_a_message(world: World, tmp_path: Path) -> None:
    out = tmp_path / "city.bak"
    command("backup", str(out))
    flip_byte(out, out.stat().st_size // 2)

    assert "damaged or has been altered" in refused_command("restore", str(out), "--yes")
    assert not AuditEntry.objects.filter(action="core.restore").exists()
