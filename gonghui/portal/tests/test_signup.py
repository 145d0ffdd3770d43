"""Signing up with an SMS code: the code's expiry, tries and throttling; one account a mobile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import Role
from gonghui.portal.codes import code_send
from gonghui.portal.models import SmsCode, WorkerProfile
from gonghui.portal.services import worker_signup
from gonghui.portal.tests.conftest import WORKER_PASSWORD, last_code, sign_up

pytestmark = pytest.mark.django_db
MOBILE = "13900002222"


def codes(error: pytest.ExceptionInfo[ValidationError]) -> set[str | None]:
    return {e.code for errors in error.value.error_dict.values() for e in errors}


def test_a_worker_signs_up_with_the_code_and_is_signed_in(outbox: list) -> None:
    client = Client()
    client.post("/portal/signup/", {"mobile": MOBILE, "send": "1"})
    response = client.post("/portal/signup/", {"mobile": MOBILE, "code": last_code(outbox),
                                               "password": WORKER_PASSWORD})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/portal/identity/"
    profile = WorkerProfile.objects.get()
    assert profile.mobile == MOBILE and profile.user.role == Role.WORKER
    assert MOBILE not in profile.user.username  # the number is never stored in clear
    assert client.get("/portal/identity/").status_code == 200


def test_it_refuses_a_wrong_code_and_locks_after_five_tries(outbox: list) -> None:
    code_send(mobile=MOBILE)
    right = last_code(outbox)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(ValidationError) as error:
            worker_signup(mobile=MOBILE, code=wrong, password=WORKER_PASSWORD)
        assert codes(error) == {"wrong"}
    with pytest.raises(ValidationError) as error:
        worker_signup(mobile=MOBILE, code=right, password=WORKER_PASSWORD)
    assert codes(error) == {"tries"}
    assert not WorkerProfile.objects.exists()


def test_it_refuses_an_expired_code(outbox: list) -> None:
    code_send(mobile=MOBILE)
    SmsCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        worker_signup(mobile=MOBILE, code=last_code(outbox), password=WORKER_PASSWORD)
    assert codes(error) == {"expired"}


def test_it_refuses_a_resend_within_a_minute_and_too_many_in_an_hour(outbox: list) -> None:
    code_send(mobile=MOBILE)
    response = Client().post("/portal/signup/", {"mobile": MOBILE, "send": "1"})
    assert response.status_code == 429 and len(outbox) == 1
    assert response.context["sender"].errors["mobile"]
    for _ in range(4):
        SmsCode.objects.update(sent_at=timezone.now() - dt.timedelta(minutes=2))
        code_send(mobile=MOBILE)
    SmsCode.objects.update(sent_at=timezone.now() - dt.timedelta(minutes=2))
    with pytest.raises(ValidationError) as error:
        code_send(mobile=MOBILE)
    assert codes(error) == {"too_many"} and len(outbox) == 5


def test_it_refuses_a_weak_password_and_a_second_account_for_a_mobile(outbox: list) -> None:
    code_send(mobile=MOBILE)
    with pytest.raises(ValidationError) as error:
        worker_signup(mobile=MOBILE, code=last_code(outbox), password="123")
    assert codes(error) == {"password"}
    SmsCode.objects.update(sent_at=timezone.now() - dt.timedelta(minutes=2))
    sign_up(outbox, MOBILE)
    with pytest.raises(ValidationError) as error:
        worker_signup(mobile=MOBILE, code="000000", password=WORKER_PASSWORD)
    assert codes(error) == {"taken"}


def test_a_worker_signs_in_with_the_mobile(outbox: list) -> None:
    sign_up(outbox, MOBILE)
    response = Client().post(
        "/portal/signin/", {"username": "139 0000 2222", "password": WORKER_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/portal/my/"
