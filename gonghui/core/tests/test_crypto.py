"""Personal data at rest: both cipher suites round-trip, the blind index is keyed, masks hold."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from gonghui.core import crypto


@pytest.mark.parametrize("suite_class", [crypto.AesGcmSuite, crypto.Sm4GcmSuite])
def test_each_suite_round_trips_and_never_stores_the_plain_value(suite_class: type) -> None:
    suite = suite_class("data-secret", "index-secret")
    token = suite.encrypt("320302199001011234")
    assert b"320302199001011234" not in token
    assert suite.decrypt(token) == "320302199001011234"
    assert suite.encrypt("320302199001011234") != token  # a fresh nonce every time


@pytest.mark.parametrize("suite_class", [crypto.AesGcmSuite, crypto.Sm4GcmSuite])
def test_a_tampered_value_is_refused(suite_class: type) -> None:
    suite = suite_class("data-secret", "index-secret")
    token = bytearray(suite.encrypt("13812345678"))
    token[-1] ^= 1
    with pytest.raises(InvalidTag):
        suite.decrypt(bytes(token))


def test_the_blind_index_is_stable_and_depends_on_its_key() -> None:
    one = crypto.AesGcmSuite("data", "index-one")
    two = crypto.AesGcmSuite("other-data", "index-one")
    other_key = crypto.AesGcmSuite("data", "index-two")
    assert one.blind_index("13812345678") == two.blind_index("13812345678")
    assert one.blind_index("13812345678") != other_key.blind_index("13812345678")


def test_a_value_of_one_suite_is_not_read_as_another() -> None:
    token = crypto.AesGcmSuite("d", "i").encrypt("x")
    with pytest.raises(ValueError, match="another cipher suite"):
        crypto.Sm4GcmSuite("d", "i").decrypt(token)


def test_masks_keep_only_what_the_rules_allow() -> None:
    assert crypto.mask_id_number("320302199001011234") == "320302********1234"
    assert crypto.mask_mobile("13812345678") == "138****5678"
