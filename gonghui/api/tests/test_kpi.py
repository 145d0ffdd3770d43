"""The KPI endpoints: a token reads the figures and plans of its subtree — the numbers
`gonghui kpi` prints — and nothing of a sibling's."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.conftest import World
from gonghui.kpi.registry import metrics
from gonghui.kpi.services import plan_load, plan_save

pytestmark = pytest.mark.django_db

TokenClient = Callable[..., Client]
YEAR = timezone.localdate().year


def test_the_metrics_are_listed_in_the_plans_order(world: World, token_client: TokenClient) -> None:
    answer = token_client(world.a.federation).get("/api/v1/metrics/")

    assert answer.status_code == 200
    assert [metric["key"] for metric in answer.json()] == [metric.key for metric in metrics()]


def test_a_nodes_figures_are_those_gonghui_kpi_prints(
    world: World, token_client: TokenClient
) -> None:
    plan_load(actor=None, org=world.city, year=YEAR)
    printed = StringIO()
    call_command("kpi", "--json", "--org", "320302", stdout=printed)
    expected = [
        row
        for row in json.loads(printed.getvalue())["rows"]
        if row["org"] in {"320302", "320302001"}
    ]

    answer = token_client(world.a.federation).get(
        f"/api/v1/orgs/{world.a.federation.pk}/figures/?children=1"
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["as_of"] == timezone.localdate().isoformat()
    fields = ("org", "metric", "numerator", "denominator", "value", "target", "status", "details")
    assert [{k: row[k] for k in fields} for row in body["rows"]] == expected


def test_a_past_day_and_a_bad_day(world: World, token_client: TokenClient) -> None:
    client = token_client(world.a.federation)
    url = f"/api/v1/orgs/{world.a.federation.pk}/figures/"

    past = client.get(url + "?as_of=2016-01-01").json()
    bad = client.get(url + "?as_of=2016-02-30")
    future = client.get(url + "?as_of=2999-01-01")

    members = {row["metric"]: row["numerator"] for row in past["rows"]}["members"]
    assert (past["as_of"], members) == ("2016-01-01", 1)  # 张三 joined in 2015
    assert bad.status_code == future.status_code == 400
    assert "as_of" in bad.json() and "as_of" in future.json()


def test_a_siblings_figures_are_not_found(world: World, token_client: TokenClient) -> None:
    answer = token_client(world.a.federation).get(f"/api/v1/orgs/{world.b.federation.pk}/figures/")

    assert answer.status_code == 404


def test_plans_binding_the_subtree_and_none_of_a_sibling(
    world: World, token_client: TokenClient
) -> None:
    city = plan_load(actor=None, org=world.city, year=YEAR)
    own = plan_save(
        actor=None, org=world.a.federation, year=YEAR, name="鼓楼区", targets={"union_coverage": 90}
    )
    sibling = plan_save(actor=None, org=world.b.federation, year=YEAR, name="云龙区", targets={})
    client = token_client(world.a.federation)

    listed = client.get("/api/v1/plans/").json()["results"]

    assert {plan["id"] for plan in listed} == {city.pk, own.pk}
    assert {plan["id"]: plan["targets"] for plan in listed}[own.pk] == {"union_coverage": 90.0}
    assert client.get(f"/api/v1/plans/{sibling.pk}/").status_code == 404
