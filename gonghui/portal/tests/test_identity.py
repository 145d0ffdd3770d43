"""Proving identity: a valid ID number, one account per number, the registry's name."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.conftest import World
from gonghui.core import crypto
from gonghui.portal.models import WorkerProfile
from gonghui.portal.services import identity_prove
from gonghui.portal.tests.conftest import WORKER_ID, sign_up

pytestmark = pytest.mark.django_db


def test_it_stores_the_id_number_encrypted_and_shows_it_masked(worker: Any) -> None:
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.id_blind == crypto.blind_index(WORKER_ID)
    assert WORKER_ID.encode() not in bytes(profile.id_cipher)
    client = Client()
    client.force_login(worker)
    page = client.get("/portal/identity/").content.decode()
    assert crypto.mask_id_number(WORKER_ID) in page and WORKER_ID not in page


def test_it_refuses_an_id_number_with_a_wrong_checksum(world: World, outbox: list) -> None:
    user = sign_up(outbox, "13900003333")
    bad = WORKER_ID[:-1] + ("0" if WORKER_ID[-1] != "0" else "1")
    client = Client()
    client.force_login(user)
    response = client.post("/portal/identity/", {"name": "王五", "id_number": bad})
    assert response.status_code == 200 and response.context["form"].errors["id_number"]
    user.worker_profile.refresh_from_db()
    assert user.worker_profile.verified_at is None


def test_it_refuses_a_name_the_registry_does_not_have_for_the_number(
    world: World, outbox: list
) -> None:
    user = sign_up(outbox, "13900003333")
    with pytest.raises(ValidationError) as error:
        identity_prove(actor=user, name="张四", id_number=world.a.member.id_number)
    assert "name" in error.value.error_dict
    identity_prove(actor=user, name="张三", id_number=world.a.member.id_number)


def test_it_refuses_an_id_number_another_account_uses(worker: Any, outbox: list) -> None:
    other = sign_up(outbox, "13900003333")
    with pytest.raises(ValidationError) as error:
        identity_prove(actor=other, name="王五", id_number=WORKER_ID)
    assert "id_number" in error.value.error_dict
