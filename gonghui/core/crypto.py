"""Personal data at rest: a pluggable cipher suite, a keyring of data keys, a keyed blind index,
and masking.

A stored value is `version byte | key id | nonce | ciphertext+tag`. The suite is chosen by
GONGHUI_CIPHER_SUITE: AES-256-GCM with HMAC-SHA256 by default, or SM4-GCM with HMAC-SM3 where
a 商用密码应用安全性评估 (密评) asks for the national algorithms. The version byte names the
suite; its high bit says a 4-byte key id (a fingerprint of the data key, never the key) follows.
Values written before key rotation existed carry no key id (`version | nonce | ciphertext`):
they are still read, by trying the keys of the ring, until `gonghui keys rotate` rewrites them.

The keyring (密钥环) has one primary key, which encrypts, and retired keys, which only decrypt.
It comes either from the environment (GONGHUI_DATA_KEY + GONGHUI_DATA_KEYS_RETIRED, fixed for the
life of the process) or from the key file (one key a line, the primary first). A process re-reads
the key file when it changes, so a rotation reaches running workers without a restart: at once
when a value names a key the process does not know yet, within KEY_FILE_CHECK_SECONDS for writes.

The blind index is a keyed hash of the normalised value, so exact lookup and uniqueness work
without decrypting; it uses its own key so that the data key can rotate without re-indexing.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

NONCE_BYTES = 12
TAG_BYTES = 16
KEYED = 0x80  # set in the version byte of a value that names its key
KEY_ID_BYTES = 4
BLIND_INDEX_HEX = 32  # 128 bits of the keyed hash: no collision among a country's IDs
# How often a process looks at the key file's modification time (one stat call).
KEY_FILE_CHECK_SECONDS = 5.0
NEW_KEY_BYTES = 48


class KeyringError(ValueError):
    """A stored value cannot be read with the keys this process has, or the keys are unusable."""


class CipherSuite(Protocol):
    version: int
    key_id: bytes

    def encrypt(self, plaintext: str) -> bytes: ...

    def decrypt(self, token: bytes) -> str: ...

    def blind_index(self, value: str) -> str: ...


def _derive(secret: str, info: bytes, algorithm: hashes.HashAlgorithm, length: int) -> bytes:
    return HKDF(algorithm=algorithm, length=length, salt=None, info=info).derive(secret.encode())


def key_id_of(secret: str) -> bytes:
    """The data key's public fingerprint, written into every value it encrypts."""
    return _derive(secret, b"gonghui key id", hashes.SHA256(), KEY_ID_BYTES)


def _split(token: bytes, version: int, key_id: bytes) -> tuple[bytes, bytes]:
    """The nonce and the body of a value of this suite and key, legacy (no key id) or keyed."""
    if token[0] == version:
        start = 1
    elif token[0] == version | KEYED:
        if token[1 : 1 + KEY_ID_BYTES] != key_id:
            raise ValueError("the value was encrypted with another key")
        start = 1 + KEY_ID_BYTES
    else:
        raise ValueError("the value was encrypted with another cipher suite")
    return token[start : start + NONCE_BYTES], token[start + NONCE_BYTES :]


@dataclass
class AesGcmSuite:
    """AES-256-GCM for values, HMAC-SHA256 for the blind index."""

    data_secret: str
    index_secret: str
    version: int = 1
    key_id: bytes = field(init=False)

    def __post_init__(self) -> None:
        self._aead = AESGCM(_derive(self.data_secret, b"gonghui data aes", hashes.SHA256(), 32))
        self._index_key = _derive(self.index_secret, b"gonghui index", hashes.SHA256(), 32)
        self.key_id = key_id_of(self.data_secret)

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        head = bytes([self.version | KEYED]) + self.key_id + nonce
        return head + self._aead.encrypt(nonce, plaintext.encode(), None)

    def decrypt(self, token: bytes) -> str:
        nonce, body = _split(bytes(token), self.version, self.key_id)
        return self._aead.decrypt(nonce, body, None).decode()

    def blind_index(self, value: str) -> str:
        # hmac.digest: the one-shot C path, several times faster than an HMAC object per value.
        return hmac.digest(self._index_key, value.encode(), "sha256").hex()[:BLIND_INDEX_HEX]


@dataclass
class Sm4GcmSuite:
    """SM4-GCM for values, HMAC-SM3 for the blind index (GB/T 32907, GB/T 32905)."""

    data_secret: str
    index_secret: str
    version: int = 2
    key_id: bytes = field(init=False)

    def __post_init__(self) -> None:
        self._key = _derive(self.data_secret, b"gonghui data sm4", hashes.SM3(), 16)
        self._index_key = _derive(self.index_secret, b"gonghui index", hashes.SM3(), 32)
        self.key_id = key_id_of(self.data_secret)

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        body = encryptor.update(plaintext.encode()) + encryptor.finalize()
        return bytes([self.version | KEYED]) + self.key_id + nonce + body + encryptor.tag

    def decrypt(self, token: bytes) -> str:
        nonce, sealed = _split(bytes(token), self.version, self.key_id)
        body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, tag)).decryptor()
        return (decryptor.update(body) + decryptor.finalize()).decode()

    def blind_index(self, value: str) -> str:
        mac = hmac.new(self._index_key, value.encode(), "sm3")
        return mac.hexdigest()[:BLIND_INDEX_HEX]


SUITES: dict[str, type[AesGcmSuite] | type[Sm4GcmSuite]] = {
    "aes-gcm": AesGcmSuite,
    "sm4-gcm": Sm4GcmSuite,
}


def key_id_of_token(token: bytes) -> bytes | None:
    """The id of the key that made a stored value; None for a value of the legacy format."""
    return bytes(token[1 : 1 + KEY_ID_BYTES]) if token[0] & KEYED else None


class Keyring:
    """The primary data key, which encrypts, and the retired ones, which still decrypt."""

    def __init__(self, secrets_: list[str], index_secret: str, suite_name: str) -> None:
        if not secrets_:
            raise KeyringError("no data key is configured (GONGHUI_DATA_KEY or the key file)")
        suite_class = SUITES[suite_name]
        self.suites: list[CipherSuite] = [suite_class(s, index_secret) for s in secrets_]
        self.primary = self.suites[0]
        self._by_id = {suite.key_id: suite for suite in self.suites}
        if len(self._by_id) != len(self.suites):
            raise KeyringError("the same data key is listed twice")

    @property
    def key_ids(self) -> list[bytes]:
        return [suite.key_id for suite in self.suites]

    def knows(self, key_id: bytes) -> bool:
        return key_id in self._by_id

    def encrypt(self, plaintext: str) -> bytes:
        return self.primary.encrypt(plaintext)

    def decrypt(self, token: bytes) -> str:
        token = bytes(token)
        key_id = key_id_of_token(token)
        if key_id is not None:
            if key_id not in self._by_id:
                raise KeyringError(
                    f"the value was encrypted with data key {key_id.hex()}, which this process "
                    "does not have: add it to the key file or GONGHUI_DATA_KEYS_RETIRED"
                )
            return self._by_id[key_id].decrypt(token)
        for suite in self.suites:  # a legacy value: the key that made it is not named
            try:
                return suite.decrypt(token)
            except InvalidTag:
                continue
        raise KeyringError("no data key of this process decrypts the value: is it the right key?")

    def blind_index(self, value: str) -> str:
        return self.primary.blind_index(value)


def read_key_file(path: Path) -> list[str]:
    """The keys of a key file: one a line, the primary first; blank and `#` lines skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def write_key_file(path: Path, keys: list[str]) -> None:
    """Replace the key file at once (a reader sees the old file or the new one, never half)."""
    staging = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(keys) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    staging.replace(path)


def new_key() -> str:
    return secrets.token_urlsafe(NEW_KEY_BYTES)


def keys_from_environment() -> bool:
    """True when the keys are fixed by the environment, False when they live in the key file."""
    return bool(settings.GONGHUI_DATA_KEY)


class _KeyringHolder:
    """The process's keyring, rebuilt when the settings or the key file change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self._ring: Keyring | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._checked_at = 0.0

    def get(self, *, fresh: bool = False) -> Keyring:
        ring = self._ring
        if ring is not None and (keys_from_environment() or not self._due(fresh)):
            return ring
        with self._lock:
            return self._load()

    def _due(self, fresh: bool) -> bool:
        return fresh or time.monotonic() - self._checked_at >= KEY_FILE_CHECK_SECONDS

    def _load(self) -> Keyring:
        index_secret, suite_name = settings.GONGHUI_BLIND_INDEX_KEY, settings.GONGHUI_CIPHER_SUITE
        if keys_from_environment():
            if self._ring is None:
                keys = [settings.GONGHUI_DATA_KEY, *settings.GONGHUI_DATA_KEYS_RETIRED]
                self._ring = Keyring(keys, index_secret, suite_name)
            return self._ring
        path = Path(settings.GONGHUI_DATA_KEY_FILE)
        try:
            status = path.stat()
        except FileNotFoundError:
            raise KeyringError(f"the data key file {path} is missing") from None
        stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
        self._checked_at = time.monotonic()
        if self._ring is None or stamp != self._stamp:
            self._ring = Keyring(read_key_file(path), index_secret, suite_name)
            self._stamp = stamp
        return self._ring


_holder = _KeyringHolder()


def keyring(*, fresh: bool = False) -> Keyring:
    """The keyring of this process; `fresh` looks at the key file now rather than on schedule."""
    return _holder.get(fresh=fresh)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting.startswith(("GONGHUI_DATA_KEY", "GONGHUI_BLIND_INDEX_KEY", "GONGHUI_CIPHER_SUITE")):
        _holder.clear()


def forget_keys() -> None:
    """Read the keys again on next use (after the key file was rewritten in this process)."""
    _holder.clear()


def encrypt(value: str) -> bytes:
    return keyring().encrypt(value)


def decrypt(token: bytes) -> str:
    """The value in clear; "" for an empty value (one erased, see core.personal)."""
    token = bytes(token)
    if not token:
        return ""
    ring = keyring()
    key_id = key_id_of_token(token)
    if key_id is not None and not ring.knows(key_id):
        ring = keyring(fresh=True)  # written under a key rotated in since the last check
    return ring.decrypt(token)


def blind_index(value: str) -> str:
    return keyring().blind_index(value)


def mask_id_number(number: str) -> str:
    """`320302199001011234` → `320302********1234`."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_mobile(number: str) -> str:
    """`13812345678` → `138****5678`."""
    if len(number) < 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
