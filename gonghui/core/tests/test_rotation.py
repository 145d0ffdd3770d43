"""Data-key rotation: every value moves to the new key, nothing is lost, lookups keep working."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.conftest import World, build_world
from gonghui.core import crypto, rotation
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member
from gonghui.members.selectors import member_search


@pytest.fixture
def key_file(settings: Any, tmp_path: Path) -> Path:
    """A key file of the test's own, never the machine's var/data_key."""
    path = tmp_path / "data_key"
    crypto.write_key_file(path, ["the-first-key"])
    settings.GONGHUI_DATA_KEY = ""
    settings.GONGHUI_DATA_KEYS_RETIRED = []
    settings.GONGHUI_DATA_KEY_FILE = path
    return path


@pytest.fixture
def keyed_world(key_file: Path, db: None) -> World:
    return build_world()


def _every_value() -> list[tuple[str, bytes]]:
    return [
        (column.label, bytes(value))
        for column in rotation.cipher_columns()
        for value in column.model._base_manager.values_list(column.field_name, flat=True)
        if value
    ]


def _rotate(**options: Any) -> rotation.Rotation:
    return rotation.rotate(actor=None, settle_seconds=0, **options)


def test_it_finds_every_encrypted_column() -> None:
    labels = {column.label for column in rotation.cipher_columns()}
    assert {
        "members.member.id_cipher",
        "members.member.mobile_cipher",
        "hardship.household.applicant_id_cipher",
        "hardship.householdmember.id_cipher",
        "relocation.relocatedworker.mobile_cipher",
        "portal.workerprofile.id_cipher",
    } <= labels


def test_rotation_moves_every_value_to_the_new_key_and_each_still_reads(
    keyed_world: World, key_file: Path
) -> None:
    before = {label: crypto.decrypt(value) for label, value in _every_value()}
    old_id = crypto.key_id_of("the-first-key")
    done = _rotate()
    new_key, old_key = crypto.read_key_file(key_file)
    assert old_key == "the-first-key"
    assert done.key_id == crypto.key_id_of(new_key).hex() != old_id.hex()
    values = _every_value()
    assert values
    assert all(crypto.key_id_of_token(value) == crypto.key_id_of(new_key) for _, value in values)
    assert {label: crypto.decrypt(value) for label, value in values} == before
    assert done.left == 0


def test_values_of_the_format_before_rotation_are_read_and_moved(
    keyed_world: World, key_file: Path
) -> None:
    legacy = crypto.AesGcmSuite("the-first-key", "unused")
    nonce_and_body = legacy.encrypt("13800000000")[1 + crypto.KEY_ID_BYTES :]
    Member.objects.filter(pk=keyed_world.a.member.pk).update(
        mobile_cipher=bytes([legacy.version]) + nonce_and_body
    )
    assert rotation.key_counts(rotation.CipherColumn(Member, "mobile_cipher"))[rotation.LEGACY]
    _rotate()
    member = Member.objects.get(pk=keyed_world.a.member.pk)
    assert member.mobile == "13800000000"
    assert crypto.key_id_of_token(member.mobile_cipher) is not None


def test_the_blind_index_still_finds_a_person_after_rotation(keyed_world: World) -> None:
    _rotate()
    found = member_search(user=keyed_world.user("district"), query="13812345678")
    assert [member.pk for member in found] == [keyed_world.a.member.pk]


def test_the_old_key_can_be_dropped_after_rotation_and_not_before(
    keyed_world: World, key_file: Path
) -> None:
    old_id = crypto.key_id_of("the-first-key").hex()
    crypto.write_key_file(key_file, ["the-second-key", "the-first-key"])
    crypto.forget_keys()
    with pytest.raises(crypto.KeyringError, match="still need"):
        rotation.drop_key(actor=None, key_id=old_id)
    _rotate()
    rotation.drop_key(actor=None, key_id=old_id)
    assert "the-first-key" not in crypto.read_key_file(key_file)
    assert all(crypto.decrypt(value) for _, value in _every_value())
    assert AuditEntry.objects.filter(action="keys.drop", detail__key=old_id).exists()


def test_an_interrupted_rotation_is_finished_by_running_it_again(
    keyed_world: World, key_file: Path
) -> None:
    def stop(done: rotation.Rotation) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _rotate(batch_size=1, progress=stop)
    new_key = crypto.read_key_file(key_file)[0]
    assert rotation.values_not_under(crypto.key_id_of(new_key)) > 0
    done = _rotate(batch_size=1)
    assert done.resumed
    assert crypto.read_key_file(key_file)[0] == new_key  # no third key
    assert rotation.values_not_under(crypto.key_id_of(new_key)) == 0
    results = list(
        AuditEntry.objects.filter(action=rotation.ROTATE_ACTION).values_list("result", flat=True)
    )
    assert sorted(results) == ["done", "started"]


def test_a_value_changed_during_the_rotation_is_not_overwritten(
    keyed_world: World, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    member, read = keyed_world.a.member, crypto.Keyring.decrypt

    def edit_while_rotating(ring: crypto.Keyring, token: bytes) -> str:
        """A cadre saves a new mobile between the rotation's read and its write."""
        Member.objects.filter(pk=member.pk).update(mobile_cipher=crypto.encrypt("13899998888"))
        return read(ring, token)

    crypto.write_key_file(key_file, ["the-second-key", "the-first-key"])
    crypto.forget_keys()
    monkeypatch.setattr(crypto.Keyring, "decrypt", edit_while_rotating)
    _rotate()
    monkeypatch.undo()
    assert Member.objects.get(pk=member.pk).mobile == "13899998888"


def test_a_running_process_reads_values_of_a_key_rotated_in_elsewhere(
    keyed_world: World, key_file: Path
) -> None:
    crypto.keyring()  # this process has read the file once
    other = crypto.AesGcmSuite("a-key-from-another-process", "unused")
    crypto.write_key_file(key_file, ["a-key-from-another-process", "the-first-key"])
    assert crypto.decrypt(other.encrypt("13812345678")) == "13812345678"


def test_status_counts_values_per_key(keyed_world: World) -> None:
    out = StringIO()
    call_command("keys", "status", stdout=out)
    old_id = crypto.key_id_of("the-first-key").hex()
    assert f"members.member.id_cipher\t{old_id}\t2" in out.getvalue()


def test_a_missing_key_file_is_a_clear_error(key_file: Path) -> None:
    key_file.unlink()
    crypto.forget_keys()
    with pytest.raises(crypto.KeyringError, match=r"key file .* is missing"):
        crypto.encrypt("x")
    with pytest.raises(CommandError, match="missing"):
        call_command("keys", "status")


def test_a_wrong_key_is_a_clear_error(key_file: Path) -> None:
    token = crypto.encrypt("13812345678")
    crypto.write_key_file(key_file, ["a-wrong-key"])
    crypto.forget_keys()
    with pytest.raises(crypto.KeyringError, match="does not have"):
        crypto.decrypt(token)
    legacy = bytes([1]) + token[1 + crypto.KEY_ID_BYTES :]
    with pytest.raises(crypto.KeyringError, match="right key"):
        crypto.decrypt(legacy)


def test_keys_from_the_environment_rotate_to_the_configured_primary(
    keyed_world: World, settings: Any
) -> None:
    settings.GONGHUI_DATA_KEY = "the-operators-new-key"
    settings.GONGHUI_DATA_KEYS_RETIRED = ["the-first-key"]
    done = _rotate()
    assert done.key_id == crypto.key_id_of("the-operators-new-key").hex()
    assert rotation.values_not_under(crypto.key_id_of("the-operators-new-key")) == 0
    with pytest.raises(crypto.KeyringError, match="environment"):
        rotation.drop_key(actor=None, key_id=crypto.key_id_of("the-first-key").hex())


def test_a_read_only_key_file_says_how_to_rotate_by_hand(
    keyed_world: World, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(path: Path, keys: list[str]) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr(crypto, "write_key_file", read_only)
        with pytest.raises(crypto.KeyringError, match="--keep-primary"):
            _rotate()
    crypto.write_key_file(key_file, ["a-key-put-by-hand", "the-first-key"])
    call_command("keys", "rotate", "--keep-primary", "--settle-seconds", "0", stdout=StringIO())
    assert crypto.read_key_file(key_file) == ["a-key-put-by-hand", "the-first-key"]
    assert rotation.values_not_under(crypto.key_id_of("a-key-put-by-hand")) == 0
