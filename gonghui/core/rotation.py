"""Data-key rotation (密钥轮换) without downtime: every stored value moves to the primary key.

`rotate` makes a new primary key (in the key file; keys from the environment are set by the
operator, see `gonghui keys`), waits until running processes have re-read the file, then
rewrites every encrypted column (`*_cipher` binary fields of every installed model) in batches
in primary-key order, one UPDATE per batch. Each batch is its own short transaction and each row
is written only if it still holds the values that were read (compare-and-set), so the app keeps
serving and an edit made meanwhile is never overwritten. A run killed half-way is finished by
running the command again: the trail says which rotation is under way, and rows already under
the primary key are skipped. The blind index has its own key and does not change.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from gonghui.core import audit, crypto
from gonghui.core.models import AuditEntry

BATCH_ROWS = 5_000
LEGACY = "legacy"  # values written before values named their key
ROTATE_ACTION = "keys.rotate"


@dataclass(frozen=True)
class CipherColumn:
    """One encrypted column: a binary field whose name ends in `_cipher`."""

    model: type[models.Model]
    field_name: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field_name}"

    @property
    def column(self) -> str:
        return self.model._meta.get_field(self.field_name).column


def cipher_columns() -> list[CipherColumn]:
    """Every encrypted column of the installed apps (found by field type and name)."""
    return [
        CipherColumn(model, model_field.name)
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.BinaryField) and model_field.name.endswith("_cipher")
    ]


def key_counts(column: CipherColumn) -> Counter[str]:
    """How many values of the column each key holds (its id in hex, or LEGACY)."""
    quote = connection.ops.quote_name
    name, table = quote(column.column), quote(column.model._meta.db_table)
    keyed = [bytes([suite_class.version | crypto.KEYED]) for suite_class in crypto.SUITES.values()]
    marks = ", ".join(["%s"] * len(keyed))
    sql = (
        f"SELECT CASE WHEN substr({name}, 1, 1) IN ({marks}) "
        f"THEN substr({name}, 2, {crypto.KEY_ID_BYTES}) END AS key_id, count(*) "
        f"FROM {table} WHERE {name} IS NOT NULL AND length({name}) > 0 GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, keyed)
        return Counter({bytes(key).hex() if key else LEGACY: n for key, n in cursor.fetchall()})


def key_status() -> dict[str, Counter[str]]:
    """Per encrypted column, how many values each key still holds."""
    return {column.label: key_counts(column) for column in cipher_columns()}


def values_not_under(key_id: bytes) -> int:
    """How many stored values another key (or none named) still holds."""
    wanted = key_id.hex()
    return sum(n for counts in key_status().values() for key, n in counts.items() if key != wanted)


@dataclass
class Rotation:
    """What one run did: the primary key, values rewritten per column, rows read."""

    key_id: str
    resumed: bool
    rewritten: Counter[str] = field(default_factory=Counter)
    rows_read: int = 0
    left: int = 0  # values not under the primary at the end (written by a stale process)


Progress = Callable[[Rotation], None]


def rotate(
    *,
    actor: Any,
    make_key: bool = True,
    settle_seconds: float = 2 * crypto.KEY_FILE_CHECK_SECONDS,
    batch_size: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> Rotation:
    """Move every stored value to a new primary key (or finish the rotation under way).

    With keys in the environment, or `make_key=False` (a primary key the operator put in the key
    file), no key is made: the values move to the primary key in force.
    """
    under_way = _rotation_under_way()
    if under_way is None and make_key and not crypto.keys_from_environment():
        _add_primary_key(Path(settings.GONGHUI_DATA_KEY_FILE), crypto.new_key())
        time.sleep(settle_seconds)  # running processes re-read the key file meanwhile
    ring = crypto.keyring(fresh=True)
    rotation = Rotation(key_id=ring.primary.key_id.hex(), resumed=under_way is not None)
    if under_way is None:
        with transaction.atomic():
            audit.record(actor=actor, action=ROTATE_ACTION, result="started",
                         key=rotation.key_id, keys=[k.hex() for k in ring.key_ids])  # fmt: skip
    by_model: dict[type[models.Model], list[CipherColumn]] = {}
    for column in cipher_columns():
        by_model.setdefault(column.model, []).append(column)
    for model, columns in by_model.items():
        _rotate_table(
            model, columns, ring=ring, batch_size=batch_size, rotation=rotation, progress=progress
        )
    rotation.left = values_not_under(ring.primary.key_id)
    with transaction.atomic():
        audit.record(actor=actor, action=ROTATE_ACTION, result="done" if not rotation.left
                     else "unfinished", key=rotation.key_id, rows_read=rotation.rows_read,
                     rewritten=dict(rotation.rewritten), left=rotation.left)  # fmt: skip
    return rotation


def _rotation_under_way() -> AuditEntry | None:
    """The last rotation's start, if it has not finished and its key is still the primary."""
    last = AuditEntry.objects.filter(action=ROTATE_ACTION).order_by("-id").first()
    if last is None or last.result == "done":
        return None
    if last.detail.get("key") != crypto.keyring(fresh=True).primary.key_id.hex():
        return None
    return last


def _add_primary_key(path: Path, key: str) -> None:
    try:
        crypto.write_key_file(path, [key, *crypto.read_key_file(path)])
    except OSError as error:
        raise crypto.KeyringError(
            f"cannot write the key file {path} ({error.strerror}): put a new key on its first line "
            "(`gonghui keys new` prints one), then run `gonghui keys rotate --keep-primary`"
        ) from None
    crypto.forget_keys()


def _rotate_table(
    model: type[models.Model],
    columns: list[CipherColumn],
    *,
    ring: crypto.Keyring,
    batch_size: int,
    rotation: Rotation,
    progress: Progress | None,
) -> None:
    """Keyset pagination by primary key; per batch one compare-and-set UPDATE of all the
    table's encrypted columns (one new row version, not one per column)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key, names = quote(model._meta.pk.column), [quote(column.column) for column in columns]
    primary = ring.primary.key_id

    def moved(value: bytes | None) -> bytes | None:
        if not value or crypto.key_id_of_token(value) == primary:
            return value
        return ring.encrypt(ring.decrypt(value))

    rows = model._base_manager.order_by("pk").values_list("pk", *(c.field_name for c in columns))
    last = None
    while batch := list((rows if last is None else rows.filter(pk__gt=last))[:batch_size]):
        last = batch[-1][0]
        rotation.rows_read += len(batch)
        changes = []
        for pk, *stored in batch:
            old = [bytes(value) if value is not None else None for value in stored]
            new = [moved(value) for value in old]
            if new != old:
                changes.append((pk, new, old))
                for column, before, after in zip(columns, old, new, strict=True):
                    rotation.rewritten[column.label] += before != after
        if changes:
            with transaction.atomic():
                compare_and_set(table, key, names, changes)
        if progress is not None:
            progress(rotation)


Change = tuple[Any, list[bytes | None], list[bytes | None]]  # pk, new values, values read


def compare_and_set(table: str, key: str, columns: list[str], changes: list[Change]) -> None:
    """Write each row's new values where it still holds the values read: one statement on
    PostgreSQL (unnest of arrays; executemany there is one round trip a row), one prepared
    statement run per row on SQLite (executemany, no round trips). Names come quoted."""
    width = len(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys = [pk for pk, _new, _old in changes]
            arrays = [[values[i] for _pk, values, _old in changes] for i in range(width)]
            arrays += [[values[i] for _pk, _new, values in changes] for i in range(width)]
            names = [f"n{i}" for i in range(width)] + [f"o{i}" for i in range(width)]
            cursor.execute(
                f"UPDATE {table} SET "
                + ", ".join(f"{column} = batch.n{i}" for i, column in enumerate(columns))
                + f" FROM unnest(%s::bigint[]{', %s::bytea[]' * 2 * width}) "
                + f"AS batch(key, {', '.join(names)}) WHERE {table}.{key} = batch.key"
                + "".join(
                    f" AND {table}.{column} IS NOT DISTINCT FROM batch.o{i}"
                    for i, column in enumerate(columns)
                ),
                [keys, *arrays],
            )
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            unchanged = "".join(f" AND {column} IS %s" for column in columns)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {key} = %s{unchanged}",
                [(*new, pk, *old) for pk, new, old in changes],
            )


def drop_key(*, actor: Any, key_id: str) -> None:
    """Remove a retired key from the key file, once no stored value needs it."""
    if crypto.keys_from_environment():
        raise crypto.KeyringError(
            "the keys come from the environment: remove the key from GONGHUI_DATA_KEYS_RETIRED"
        )
    path = Path(settings.GONGHUI_DATA_KEY_FILE)
    keys = crypto.read_key_file(path)
    remaining = [key for key in keys if crypto.key_id_of(key).hex() != key_id]
    if len(remaining) == len(keys):
        raise crypto.KeyringError(f"the key file holds no key {key_id}")
    if crypto.key_id_of(keys[0]).hex() == key_id:
        raise crypto.KeyringError(f"{key_id} is the primary key: rotate first")
    held = sum(counts[key_id] + counts[LEGACY] for counts in key_status().values())
    if held:
        raise crypto.KeyringError(
            f"{held} stored values may still need key {key_id}: run `gonghui keys rotate` first"
        )
    with transaction.atomic():
        crypto.write_key_file(path, remaining)
        audit.record(actor=actor, action="keys.drop", key=key_id)
    crypto.forget_keys()
