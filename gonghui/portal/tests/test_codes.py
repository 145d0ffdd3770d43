"""Asking for sign-up codes too often: 429 with Retry-After and the reason in the user's
language, per mobile (codes.py) and per client address (accounts/rates.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import RequestRate
from gonghui.portal.models import SmsCode

pytestmark = pytest.mark.django_db
MOBILE = "13900002222"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """The messages are read in English here (their Chinese is the catalogue's business)."""
    settings.LANGUAGE_CODE = "en"


def ask(client: Client, mobile: str = MOBILE, **extra: str) -> Any:
    return client.post("/portal/signup/", {"mobile": mobile, "send": "1"}, **extra)


def sent_earlier(minutes: int) -> None:
    SmsCode.objects.update(sent_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_a_first_code_is_sent_with_200(outbox: list) -> None:
    response = ask(Client())
    assert response.status_code == 200 and len(outbox) == 1
    assert "Retry-After" not in response


def test_asking_again_within_the_minute_answers_429_with_the_seconds_left(outbox: list) -> None:
    client = Client()
    ask(client)
    response = ask(client)
    assert response.status_code == 429 and len(outbox) == 1
    assert 0 < int(response["Retry-After"]) <= 60
    assert "less than a minute ago" in response.content.decode()
    assert response.context["sender"].errors["mobile"]


def test_the_sixth_code_in_an_hour_answers_429_until_the_first_is_an_hour_old(
    outbox: list,
) -> None:
    client = Client()
    for _ in range(5):
        assert ask(client).status_code == 200
        sent_earlier(2)
    SmsCode.objects.filter(pk=SmsCode.objects.order_by("pk").first().pk).update(
        sent_at=timezone.now() - dt.timedelta(minutes=50)
    )
    response = ask(client)
    assert response.status_code == 429 and len(outbox) == 5
    assert 9 * 60 <= int(response["Retry-After"]) <= 10 * 60
    assert "try again in an hour" in response.content.decode()


def test_the_message_is_in_the_users_language(outbox: list, settings: Any) -> None:
    settings.LANGUAGE_CODE = "zh-hans"
    client = Client()
    ask(client)
    response = ask(client)
    assert response.status_code == 429
    assert '<html lang="zh-hans">' in response.content.decode()


def test_one_address_asking_for_many_numbers_gets_429(outbox: list, settings: Any) -> None:
    settings.GONGHUI_SMS_CODE_RATE = 3
    client = Client()
    assert [ask(client, f"1390000{n:04d}").status_code for n in range(3)] == [200] * 3
    response = ask(client, "13900009999")
    assert response.status_code == 429 and len(outbox) == 3
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "from your network" in response.content.decode()
    assert ask(Client(), "13900009999", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_address_counts_again_after_the_hour(outbox: list, settings: Any) -> None:
    settings.GONGHUI_SMS_CODE_RATE = 1
    client = Client()
    assert [ask(client).status_code, ask(client, "13900003333").status_code] == [200, 429]
    RequestRate.objects.update(window_started_at=timezone.now() - dt.timedelta(minutes=61))
    assert ask(client, "13900003333").status_code == 200


def test_the_address_limit_is_its_own_count_not_the_sign_in_one(
    outbox: list, settings: Any
) -> None:
    settings.GONGHUI_LOGIN_RATE = 1
    client = Client()
    client.post("/portal/signin/", {"username": MOBILE, "password": "x"})
    assert ask(client).status_code == 200
    assert set(RequestRate.objects.values_list("kind", flat=True)) == {"sign-in", "sms-code"}
