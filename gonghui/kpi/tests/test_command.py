"""`gonghui kpi`: one row per node and metric, federations named by their area code."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gonghui.conftest import World
from gonghui.kpi.models import Target
from gonghui.kpi.registry import metrics
from gonghui.kpi.services import plan_load
from gonghui.kpi.tests.pages import client_of, tiles


def kpi_json(*args: str) -> dict:
    out = StringIO()
    call_command("kpi", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_has_a_row_per_node_and_metric_with_the_plans_targets(world: World) -> None:
    plan_load(actor=None, org=world.city, year=timezone.localdate().year)

    document = kpi_json("--org", "320302")

    assert document["as_of"] == timezone.localdate().isoformat()
    rows = {(row["org"], row["metric"]): row for row in document["rows"]}
    # District A: its federation, its street federation and its grassroots union.
    orgs = {row["org"] for row in document["rows"]}
    assert orgs == {"320302", "320302001", world.a.grassroots.credit_code}
    coverage = rows[("320302", "union_coverage")]
    # A's two employers: the factory with its union, the shop without one.
    # 50% since January against the city plan's 85%: behind the year's pace.
    assert coverage == {
        "org": "320302", "metric": "union_coverage", "numerator": 1, "denominator": 2,
        "value": 50.0, "target": 85.0, "status": "behind", "details": {},
    }  # fmt: skip
    assert rows[("320302", "members")]["numerator"] == 1
    assert rows[("320302", "members")]["denominator"] is None
    assert rows[("320302", "members")]["status"] == "no_target"
    assert len(document["rows"]) == 3 * len(metrics())


def test_the_city_is_named_by_its_area_code(world: World) -> None:
    document = kpi_json()

    city = [row for row in document["rows"] if row["org"] == "320300"]
    assert {row["metric"]: row["numerator"] for row in city}["members"] == 2


def test_a_past_day_counts_what_the_records_say_of_it(world: World) -> None:
    # 张三 joined A's union on 2015-03-01, 李四 B's on 2016-06-01.
    document = kpi_json("--as-of", "2016-01-01")

    assert document["as_of"] == "2016-01-01"
    members = {
        row["org"]: row["numerator"] for row in document["rows"] if row["metric"] == "members"
    }
    assert members["320300"] == 1
    assert members["320302"] == 1
    assert members["320303"] == 0


@pytest.mark.parametrize(
    "args", [("--as-of", "2026-13-01"), ("--as-of", "2999-01-01"), ("--org", "999999")]
)
def test_bad_arguments_exit_with_status_2(world: World, args: tuple[str, str]) -> None:
    with pytest.raises(CommandError) as refusal:
        call_command("kpi", *args, stdout=StringIO())

    assert refusal.value.returncode == 2


def test_the_article_plan_loads_for_a_node_and_a_bad_file_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    out = StringIO()
    call_command("plan", "--org", "320302", "--year", "2026", stdout=out)
    broken = tmp_path / "plan.json"
    broken.write_text('{"name": "x", "targets": {"union_coverage": 140}}', encoding="utf-8")

    with pytest.raises(CommandError) as refusal:
        call_command("plan", str(broken), "--org", "320302", "--year", "2026", stdout=StringIO())

    assert refusal.value.returncode == 2
    targets = dict(
        Target.objects.filter(plan__org=world.a.federation).values_list("metric", "value")
    )
    assert targets == {"union_coverage": 85, "congress_soe": 100, "congress_private_100": 86,
                       "collective_contract": 98, "six_haves": 70, "legal_aid_posts": 20,
                       "transfer_worker_coverage": 100}  # fmt: skip
    assert "union_coverage=85.0" in out.getvalue()


def test_the_dashboard_shows_what_the_command_prints(world: World) -> None:
    plan_load(actor=None, org=world.city, year=timezone.localdate().year)
    node = world.a.federation
    printed = {
        row["metric"]: row for row in kpi_json("--org", "320302")["rows"] if row["org"] == "320302"
    }

    shown = tiles(client_of(world, "district").get(f"/kpi/{node.pk}/").content.decode())

    assert set(shown) == set(printed)
    for key, tile in shown.items():
        row = printed[key]
        assert (tile["numerator"], tile["denominator"], tile["status"]) == (
            row["numerator"], row["denominator"], row["status"]
        )  # fmt: skip
