"""Signing in and out, the pages an anonymous visitor reaches, Django admin, the language."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils.html import escape

from gonghui.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_signing_in_lands_on_the_overview_of_the_users_union(world: World) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "district", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert client.session[SESSION_KEY] == str(world.user("district").pk)
    assert f"<h1>{world.a.federation.name}</h1>" in response.content.decode()


def test_signing_in_goes_back_to_the_page_asked_for(world: World) -> None:
    response = Client().post(
        "/accounts/login/?next=/members/",
        {"username": "district", "password": PASSWORD, "next": "/members/"},
    )
    assert response.status_code == 302 and response["Location"] == "/members/"


def test_a_wrong_password_shows_the_error_and_does_not_sign_in(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "district", "password": "wrong-pw"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    assert escape(errors[0]) in response.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get("/members/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/members/", "/employers/", "/unions/"])
def test_an_anonymous_visitor_is_sent_to_sign_in(world: World, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_signing_out_ends_the_session(world: World) -> None:
    client = signed_in(world, "district")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/members/").status_code == 302


def test_the_system_administrator_reaches_django_admin(world: World) -> None:
    response = signed_in(world, "sysadmin").get("/admin/")
    assert response.status_code == 200
    assert response.context["user"] == world.user("sysadmin")


@pytest.mark.parametrize("username", ["city", "viewer"])
def test_nobody_else_reaches_django_admin(world: World, username: str) -> None:
    response = signed_in(world, username).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_a_cadre_marked_as_staff_still_does_not_reach_django_admin(world: World) -> None:
    city = world.user("city")
    city.is_staff = city.is_superuser = True
    city.save()
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "city", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == "/admin/login/"
    assert client.get("/admin/accounts/user/").status_code == 302


def test_pages_are_in_chinese_by_default(world: World) -> None:
    page = signed_in(world, "district").get("/members/").content.decode()
    assert '<html lang="zh-hans">' in page


def test_switching_to_english_changes_the_pages(world: World) -> None:
    client = signed_in(world, "district")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/members/"})
    assert response.status_code == 302 and response["Location"] == "/members/"
    page = client.get("/members/").content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Members" in page


def test_the_language_can_be_switched_on_the_sign_in_page(world: World) -> None:
    # The sign-in page offers the switch to visitors who are not signed in yet.
    client = Client()
    assert 'name="language" value="en"' in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
