"""Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, six digits, 30-second
steps: the code every authenticator app (腾讯身份验证器, Google or Microsoft Authenticator,
FreeOTP) shows for a base32 secret. Written here on `hmac` rather than taken from a package: it is a
page of code and the RFC's own test vectors prove it (tests/test_totp.py)."""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

DIGITS = 6
STEP_SECONDS = 30
# The codes of the step before and after the current one count too: a phone's clock may be
# a little off, and a code typed at the end of its 30 seconds arrives in the next step.
WINDOW = 1
SECRET_BYTES = 20  # 160 bits, the length RFC 4226 recommends for HMAC-SHA1


def new_secret() -> str:
    """A fresh random secret in base32 (what an authenticator app takes), without padding."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def step_at(at: float | None = None) -> int:
    """The number of the 30-second step that `at` (Unix time; now when None) falls in."""
    return int((time.time() if at is None else at) // STEP_SECONDS)


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226: the code of `counter`, with dynamic truncation."""
    digest = hmac.digest(key, struct.pack(">Q", counter), "sha1")
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def code(secret: str, at: float | None = None) -> str:
    """The six-digit code of `secret` (base32) at Unix time `at` (now when None)."""
    return hotp(_key(secret), step_at(at))


def matching_step(secret: str, typed: str, at: float | None = None) -> int | None:
    """The step within the window whose code is `typed`, or None. Every step of the window is
    compared in constant time, so the answer's timing tells nothing about the code."""
    key, now = _key(secret), step_at(at)
    typed = typed.strip().replace(" ", "")
    found = None
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(hotp(key, step), typed) and found is None:
            found = step
    return found


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI an app reads from a QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1",
                       "digits": DIGITS, "period": STEP_SECONDS})  # fmt: skip
    return f"otpauth://totp/{label}?{query}"


def _key(secret: str) -> bytes:
    cleaned = secret.strip().replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
