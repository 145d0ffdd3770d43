"""A worker sees their own applications only, and no organisation data anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gonghui.conftest import World
from gonghui.core.tests.test_scope_walk import find_leaks
from gonghui.portal.services import application_submit
from gonghui.portal.tests.conftest import sign_up

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_worker_cannot_see_another_workers_application(
    world: World, worker: Any, outbox: list
) -> None:
    case = application_submit(actor=worker, employer=world.a.employer)
    assert signed_in(worker).get(f"/portal/my/{case.pk}/").status_code == 200
    other = sign_up(outbox, "13900004444")
    assert signed_in(other).get(f"/portal/my/{case.pk}/").status_code == 404
    assert case.title not in signed_in(other).get("/portal/my/").content.decode()


def test_a_worker_sees_no_cadre_list(world: World, worker: Any) -> None:
    case = application_submit(actor=worker, employer=world.a.employer)
    client = signed_in(worker)
    for url in ("/members/", "/employers/", "/unions/", "/cases/", "/cases/overdue/", "/kpi/"):
        response = client.get(url)
        assert response.status_code < 500, url
        page = response.content.decode()
        assert world.a.member.name not in page and world.a.employer.name not in page, url
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/act/", {"transition": "approve"}).status_code == 403


def test_no_page_shows_organisation_data_to_a_worker(world: World, worker: Any) -> None:
    assert find_leaks(world, ["worker"]) == []
    assert find_leaks(world, ["worker"], sibling=world.a) == []


def test_cadres_are_kept_out_of_the_worker_pages(world: World) -> None:
    assert signed_in(world.user("grassroots")).get("/portal/apply/").status_code == 403
    assert Client().get("/portal/my/")["Location"].startswith("/portal/signin/")
