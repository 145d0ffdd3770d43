"""The membership_applications figure and its details: approved, under review, and the mean
time an approval took — in `gonghui kpi --json`, on the dashboard and in the API."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.api.services import token_create
from gonghui.api.tests.conftest import bearer
from gonghui.cases.models import Case
from gonghui.cases.services import case_transition
from gonghui.conftest import World, resident_id
from gonghui.portal.services import application_submit, identity_prove
from gonghui.portal.tests.conftest import sign_up

pytestmark = pytest.mark.django_db


def applications_row(org: str) -> dict[str, Any]:
    out = StringIO()
    call_command("kpi", "--json", "--org", org, stdout=out)
    rows = json.loads(out.getvalue())["rows"]
    return next(row for row in rows if row["metric"] == "membership_applications")


@pytest.fixture
def decided(world: World, worker: Any, outbox: list) -> None:
    """Two applications at district A's machine works: one approved 30 h after it was opened,
    one still under review."""
    case = application_submit(actor=worker, employer=world.a.employer)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - dt.timedelta(hours=30))
    case_transition(actor=world.user("grassroots"), case=case, transition="approve")
    other = sign_up(outbox, "13900002222")
    identity_prove(actor=other, name="赵六", id_number=resident_id("320302", "19920202", 44))
    application_submit(actor=other, employer=world.a.employer)


def test_the_figure_counts_applications_with_approvals_waiting_and_approval_time(
    world: World, decided: None
) -> None:
    row = applications_row("320302")
    assert row["numerator"] == 2
    details = row["details"]
    assert details["approved"]["value"] == 1 and details["waiting"]["value"] == 1
    assert details["approval_time"] == {"numerator": 30, "denominator": 1, "value": 30.0}


def test_nothing_approved_yet_has_no_mean_time(world: World, worker: Any) -> None:
    application_submit(actor=worker, employer=world.a.employer)
    details = applications_row("320302")["details"]
    assert details["waiting"]["value"] == 1 and details["approval_time"]["value"] is None


def test_the_dashboard_and_the_api_show_the_details(world: World, decided: None) -> None:
    client = Client()
    client.force_login(world.user("district"))
    page = client.get("/kpi/").content.decode()
    assert 'data-detail="approval_time"' in page and "30 " in page
    token = token_create(actor=None, union=world.a.federation, name="人社", access="read")
    answer = bearer(token.secret).get(f"/api/v1/orgs/{world.a.federation.pk}/figures/")
    row = next(r for r in answer.json()["rows"] if r["metric"] == "membership_applications")
    assert row["details"]["approval_time"]["value"] == 30.0
