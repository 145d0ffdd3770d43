"""Personal data at rest: a pluggable cipher suite, a keyed blind index, and masking.

A stored value is `version byte | nonce | ciphertext+tag`. The suite is chosen by
GONGHUI_CIPHER_SUITE: AES-256-GCM with HMAC-SHA256 by default, or SM4-GCM with HMAC-SM3 where
a 商用密码应用安全性评估 (密评) asks for the national algorithms. The blind index is a keyed
hash of the normalised value, so exact lookup and uniqueness work without decrypting; it uses
its own key so that the data key can rotate without re-indexing.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12
TAG_BYTES = 16
BLIND_INDEX_HEX = 32  # 128 bits of the keyed hash: no collision among a country's IDs


class CipherSuite(Protocol):
    version: int

    def encrypt(self, plaintext: str) -> bytes: ...

    def decrypt(self, token: bytes) -> str: ...

    def blind_index(self, value: str) -> str: ...


def _derive(secret: str, info: bytes, algorithm: hashes.HashAlgorithm, length: int) -> bytes:
    return HKDF(algorithm=algorithm, length=length, salt=None, info=info).derive(secret.encode())


@dataclass
class AesGcmSuite:
    """AES-256-GCM for values, HMAC-SHA256 for the blind index."""

    data_secret: str
    index_secret: str
    version: int = 1

    def __post_init__(self) -> None:
        self._aead = AESGCM(_derive(self.data_secret, b"gonghui data aes", hashes.SHA256(), 32))
        self._index_key = _derive(self.index_secret, b"gonghui index", hashes.SHA256(), 32)

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return bytes([self.version]) + nonce + self._aead.encrypt(nonce, plaintext.encode(), None)

    def decrypt(self, token: bytes) -> str:
        token = bytes(token)
        if token[0] != self.version:
            raise ValueError("the value was encrypted with another cipher suite")
        nonce, body = token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
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

    def __post_init__(self) -> None:
        self._key = _derive(self.data_secret, b"gonghui data sm4", hashes.SM3(), 16)
        self._index_key = _derive(self.index_secret, b"gonghui index", hashes.SM3(), 32)

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        body = encryptor.update(plaintext.encode()) + encryptor.finalize()
        return bytes([self.version]) + nonce + body + encryptor.tag

    def decrypt(self, token: bytes) -> str:
        token = bytes(token)
        if token[0] != self.version:
            raise ValueError("the value was encrypted with another cipher suite")
        nonce = token[1 : 1 + NONCE_BYTES]
        body, tag = token[1 + NONCE_BYTES : -TAG_BYTES], token[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, tag)).decryptor()
        return (decryptor.update(body) + decryptor.finalize()).decode()

    def blind_index(self, value: str) -> str:
        mac = hmac.new(self._index_key, value.encode(), "sm3")
        return mac.hexdigest()[:BLIND_INDEX_HEX]


SUITES: dict[str, type[AesGcmSuite] | type[Sm4GcmSuite]] = {
    "aes-gcm": AesGcmSuite,
    "sm4-gcm": Sm4GcmSuite,
}


@cache
def suite() -> CipherSuite:
    """The configured cipher suite (built once per process)."""
    suite_class = SUITES[settings.GONGHUI_CIPHER_SUITE]
    return suite_class(settings.GONGHUI_DATA_KEY, settings.GONGHUI_BLIND_INDEX_KEY)


def encrypt(value: str) -> bytes:
    return suite().encrypt(value)


def decrypt(token: bytes) -> str:
    return suite().decrypt(token)


def blind_index(value: str) -> str:
    return suite().blind_index(value)


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
