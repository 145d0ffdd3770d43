"""The authorization matrix (等保 2.0 三级 访问控制): every URL pattern × every role, anonymous
and the API tokens × a record inside and outside the subtree × GET, POST, PUT, PATCH, DELETE,
each answer checked against the rule in `gonghui.testing.matrix` (the table `gonghui authz
matrix` prints). A new page that forgets the rule fails here."""

from __future__ import annotations

import contextlib
import csv
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

from gonghui.accounts.models import Role
from gonghui.conftest import World
from gonghui.core.management.commands import authz
from gonghui.core.tests.test_scope_walk import routes
from gonghui.members.models import Member
from gonghui.testing import matrix

pytestmark = pytest.mark.django_db


def test_every_cell_answers_as_the_rule_says(world: World) -> None:
    cells = list(matrix.walk(world))
    assert matrix.problems(cells) == []
    assert not [cell for cell in cells if cell.status >= 500 and cell.problem == ""]
    principals = {cell.principal for cell in cells}
    assert principals == {matrix.ANONYMOUS, *Role.values, matrix.TOKEN_READ, matrix.TOKEN_WRITE}
    assert {cell.where for cell in cells} == {"-", "inside", "outside"}


def _unscoped_member_view(request: HttpRequest, member_id: int) -> HttpResponse:
    """Reads and changes a member by id, in no subtree and for anyone signed in."""
    members = Member.objects.filter(pk=member_id)
    if request.method == "POST":
        members.update(name="改")
    return HttpResponse(" ".join(members.values_list("name", flat=True)))


forgetful_urlpatterns = [path("forgetful/<int:member_id>/", _unscoped_member_view,
                              name="forgetful")]  # fmt: skip


def test_it_catches_a_view_that_forgets_the_rule(world: World) -> None:
    import gonghui.urls

    module = type(gonghui.urls)("forgetful_urls")
    module.urlpatterns = [*forgetful_urlpatterns, *gonghui.urls.urlpatterns]  # type: ignore[attr-defined]
    with override_settings(ROOT_URLCONF=module):
        forgetful = [route for route in routes() if route.name == "forgetful"]
        cells = list(matrix.walk(world, forgetful))
    wrong = {(cell.principal, cell.method, cell.where) for cell in cells if cell.problem}
    assert ("district", "GET", "outside") in wrong  # B's member shown to A's cadre
    assert ("district", "POST", "outside") in wrong  # … and changed by them
    assert ("viewer", "POST", "inside") in wrong  # a read-only viewer changed a member
    assert ("worker", "GET", "outside") not in wrong  # the worker door (duties.py) holds
    assert ("district", "GET", "inside") not in wrong


def test_the_command_prints_the_same_matrix(
    db: None, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    # The test database stands in for the throwaway one the command makes.
    monkeypatch.setattr(authz, "throwaway_database", contextlib.nullcontext)
    settings.LANGUAGE_CODE = "en"
    out = io.StringIO()
    call_command("authz", "matrix", "--format", "csv", "--view", "portal:landing", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["view", "role", "record", "method", "status", "problem"]
    assert len(rows) == 1 + 10 * len(matrix.METHODS)  # anonymous and 9 roles; no token
    assert ["portal:landing", "anonymous", "-", "GET", "200", ""] in rows
