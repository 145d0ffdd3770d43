"""Searches and the member list as a district cadre uses them, each beside the same SQL sent
through a raw cursor: the difference is what the ORM, the prefetches and the page add."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.test import Client

from gonghui.accounts.models import User
from gonghui.core.scope import visible_to
from gonghui.members.models import Member, Status
from gonghui.members.selectors import member_search

DISTRICT_USER = "d320302"


@dataclass(frozen=True)
class Case:
    label: str
    ours: Callable[[], Any]
    baseline: Callable[[], Any]


def cases() -> list[Case]:
    """(b) exact ID, (c) name prefix and the other search forms, (d) the list page."""
    user = User.objects.select_related("org").get(username=DISTRICT_USER)
    sample = visible_to(Member, user).exclude(mobile_last4="").order_by("id").first()
    assert sample is not None, "the district has no members: load the city first"
    # A page shows GONGHUI_PAGE_SIZE rows and reads one more to know whether a next page exists.
    rows = settings.GONGHUI_PAGE_SIZE + 1
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def search(query: str, status: str | None = None) -> QuerySet[Member]:
        return member_search(user=user, query=query, status=status)[:rows]

    def ours(query: str) -> Callable[[], Any]:
        return lambda: list(search(query))

    def page(path: str) -> Callable[[], Any]:
        def run() -> None:
            response = client.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code}"

        return run

    return [
        Case("(b) search: exact ID number", ours(sample.id_number), raw(search(sample.id_number))),
        Case("(c) search: name prefix 张", ours("张"), raw(search("张"))),
        Case("    search: pinyin initials zs", ours("zs"), raw(search("zs"))),
        Case("    search: mobile last four", ours(sample.mobile_last4),
             raw(search(sample.mobile_last4))),
        Case("(d) page: /members/", page("/members/"), raw(search("", Status.ACTIVE))),
        Case("    page: /members/?q=张", page("/members/?q=张"), raw(search("张", Status.ACTIVE))),
    ]  # fmt: skip


def raw(queryset: QuerySet) -> Callable[[], list[tuple]]:
    """The queryset's SQL, compiled once, run through a plain cursor (no model instances)."""
    statement, params = queryset.query.sql_with_params()

    def run() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    return run
