"""A database that cannot be reached answers 503 with Retry-After and a page in the user's
language, whether a view or a middleware met the failure; other errors stay 500."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from gonghui.core.unavailable import RETRY_AFTER_SECONDS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

DOWN = "connection failed: Connection refused"


@login_not_required
def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError(DOWN)


@login_not_required
def connection_lost(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


@login_not_required
def broken(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug")


def signed_in_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("down/", database_down),
    path("lost/", connection_lost),
    path("broken/", broken),
    path("page/", signed_in_page),
    path("api/v1/down/", database_down),
]


def client() -> Client:
    return Client(raise_request_exception=False, headers={"accept-language": "en"})


def test_it_answers_503_with_retry_after_when_a_view_cannot_reach_the_database() -> None:
    response = client().get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    body = response.content.decode()
    assert "cannot reach its database" in body
    assert DOWN not in body and "Traceback" not in body
    assert "Content-Security-Policy" in response.headers  # the inner middlewares' headers stay


def test_it_answers_503_for_a_connection_lost_under_the_request() -> None:
    assert client().get("/lost/").status_code == 503


def test_it_answers_503_when_a_middleware_reads_the_session_from_the_missing_database() -> None:
    browser = client()
    browser.cookies["sessionid"] = "a-session-key"
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError(DOWN)
    ):
        response = browser.get("/page/")
    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()


def test_it_answers_in_the_users_language() -> None:
    response = client().get("/down/", headers={"accept-language": "zh-hans"})
    assert response.status_code == 503
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_it_answers_json_to_the_api() -> None:
    response = client().get("/api/v1/down/")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Gonghui cannot reach its database just now. Try again in a minute."
    }


def test_it_leaves_other_errors_a_500() -> None:
    response = client().get("/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response
