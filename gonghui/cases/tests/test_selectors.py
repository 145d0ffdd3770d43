from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.cases import selectors
from gonghui.cases.models import Case
from gonghui.cases.services import case_transition
from gonghui.conftest import World

pytestmark = pytest.mark.django_db


def _late(case: Case, days: int = 1) -> None:
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(days=days))


def test_overdue_lists_only_late_open_cases_in_scope(
    world: World, case: Case, case_b: Case
) -> None:
    assert list(selectors.overdue(user=world.user("district"))) == []
    _late(case)
    _late(case_b)
    assert list(selectors.overdue(user=world.user("district"))) == [case]
    assert list(selectors.overdue(user=world.user("district_b"))) == [case_b]
    assert list(selectors.overdue(user=world.user("city"))) == [case, case_b]
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    assert list(selectors.overdue(user=world.user("district"))) == []


def test_overdue_reads_in_one_query(world: World, case: Case, case_b: Case) -> None:
    _late(case)
    _late(case_b)
    with CaptureQueriesContext(connection) as queries:
        rows = [(c.title, c.union.name) for c in selectors.overdue(user=world.user("city"))]
    assert len(rows) == 2 and len(queries) == 1


def test_my_work_holds_the_cases_awaiting_my_step(world: World, case: Case) -> None:
    assert list(selectors.my_work(user=world.user("grassroots"))) == [case]
    assert list(selectors.my_work(user=world.user("street"))) == []
    case_transition(actor=world.user("grassroots"), case=case, transition="forward")
    assert list(selectors.my_work(user=world.user("grassroots"))) == []
    assert list(selectors.my_work(user=world.user("street"))) == [case]
    assert list(selectors.my_work(user=world.user("viewer"))) == []
    assert list(selectors.my_work(user=world.user("district_b"))) == []


def test_my_work_puts_the_overdue_first(world: World, case: Case) -> None:
    from gonghui.cases.services import case_open

    newer = case_open(actor=world.user("grassroots"), type=case.type, union=case.union,
                      title="later")  # fmt: skip
    _late(newer, days=2)
    assert list(selectors.my_work(user=world.user("grassroots"))) == [newer, case]
