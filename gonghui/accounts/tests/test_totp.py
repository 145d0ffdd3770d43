"""The one-time-password algorithm against RFC 6238's own test vectors, and its window."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from gonghui.accounts import totp

# RFC 6238 appendix B, the SHA-1 rows: the 20-byte ASCII seed and (time, 8-digit code).
RFC_SEED = b"12345678901234567890"
RFC_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
RFC_SECRET = base64.b32encode(RFC_SEED).decode()


@pytest.mark.parametrize(("at", "expected"), RFC_SHA1)
def test_it_computes_the_rfc_6238_vectors(at: int, expected: str) -> None:
    assert totp.hotp(RFC_SEED, totp.step_at(at), digits=8) == expected


@pytest.mark.parametrize(("at", "expected"), RFC_SHA1)
def test_the_six_digit_code_is_the_last_six_digits_of_the_vector(at: int, expected: str) -> None:
    assert totp.code(RFC_SECRET, at=at) == expected[-6:]


def test_a_new_secret_is_160_random_bits_in_base32() -> None:
    secret = totp.new_secret()
    assert len(secret) == 32 and len(base64.b32decode(secret)) == 20
    assert secret != totp.new_secret()
    assert totp.code(secret).isdigit() and len(totp.code(secret)) == 6


def test_it_accepts_the_step_before_and_after_and_no_further() -> None:
    at = 1111111111
    now = totp.step_at(at)
    for offset in (-1, 0, 1):
        typed = totp.code(RFC_SECRET, at=at + offset * 30)
        assert totp.matching_step(RFC_SECRET, typed, at=at) == now + offset
    for offset in (-2, 2):
        assert (
            totp.matching_step(RFC_SECRET, totp.code(RFC_SECRET, at=at + offset * 30), at=at)
            is None
        )


def test_it_reads_a_code_typed_with_a_space_and_refuses_a_wrong_one() -> None:
    typed = totp.code(RFC_SECRET, at=59)
    assert totp.matching_step(RFC_SECRET, f" {typed[:3]} {typed[3:]}", at=59) == 1
    assert totp.matching_step(RFC_SECRET, "000000", at=59) is None
    assert totp.matching_step(RFC_SECRET, "", at=59) is None


def test_the_provisioning_uri_names_the_app_and_the_account() -> None:
    uri = urlsplit(totp.provisioning_uri("ABCDEF", account="city", issuer="Gonghui"))
    assert (uri.scheme, uri.netloc, uri.path) == ("otpauth", "totp", "/Gonghui%3Acity")
    query = parse_qs(uri.query)
    assert query["secret"] == ["ABCDEF"] and query["issuer"] == ["Gonghui"]
    assert query["digits"] == ["6"] and query["period"] == ["30"]
