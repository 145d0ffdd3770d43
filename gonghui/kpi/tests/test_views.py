"""The leader dashboard and the records behind its numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.conftest import World
from gonghui.core.models import AuditEntry
from gonghui.kpi import registry, services
from gonghui.kpi.models import Plan
from gonghui.kpi.tests.pages import city_plan, client_of, tiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world: World) -> Plan:
    return city_plan(world)


def records_listed(html: str) -> int:
    found = re.search(r'data-testid="records" data-count="(\d+)"', html)
    assert found
    return int(found.group(1))


def figure_listed(html: str) -> int:
    """The figure a list stands for: its records, or the sum they add up (a headcount)."""
    found = re.search(r'data-testid="weighed" data-total="(\d+)"', html)
    return int(found.group(1)) if found else records_listed(html)


def test_a_district_dashboard_shows_the_city_plan_s_targets_and_statuses(
    world: World, plan: Plan
) -> None:
    html = client_of(world, "district").get("/kpi/").content.decode()
    assert f"<h1>{world.a.federation.name}</h1>" in html
    shown = tiles(html)
    assert list(shown) == [metric.key for metric in registry.metrics()]
    coverage = shown["union_coverage"]
    assert coverage | {"target": None} == {
        "status": "behind",
        "value": "50.0%",
        "numerator": 1,
        "denominator": 2,
        "target": None,
    }
    assert "85.0%" in coverage["target"] and world.city.name in coverage["target"]
    assert shown["congress_soe"]["status"] == "no_data"  # no state-owned employer in A
    assert shown["members"] | {"target": None} == {
        "status": "no_target",
        "value": "1",
        "numerator": 1,
        "denominator": None,
        "target": None,
    }
    assert 'data-chart="gauge"' in html and "vendor/echarts.min.js" in html


def test_a_node_s_own_plan_overrides_the_one_above(world: World, plan: Plan) -> None:
    services.plan_save(
        actor=world.user("district"),
        org=world.a.federation,
        year=plan.year,
        name="鼓楼区目标",
        targets={"union_coverage": "40"},
    )
    shown = tiles(client_of(world, "district").get("/kpi/").content.decode())
    assert shown["union_coverage"]["status"] == "met"
    assert world.a.federation.name in shown["union_coverage"]["target"]
    assert world.city.name in shown["six_haves"]["target"]  # not set below: the city's


def test_the_city_ranks_and_tabulates_its_districts(world: World, plan: Plan) -> None:
    html = client_of(world, "city").get("/kpi/").content.decode()
    table = html[html.index('data-testid="children"') :]
    for district in (world.a, world.b):
        assert f'href="/kpi/{district.federation.pk}/">{district.federation.name}</a>' in table
    ranking = re.search(r'<script id="ranking-chart" type="application/json">(.*?)</script>', html)
    assert ranking and '"values": [50.0, 50.0]' in ranking.group(1)


def test_the_ranking_is_swapped_for_another_metric(world: World, plan: Plan) -> None:
    client = client_of(world, "city")
    response = client.get("/kpi/?rank=six_haves", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="ranking"')
    assert '<option value="six_haves" selected>' in html


def test_a_child_s_dashboard_has_the_breadcrumb_within_scope(world: World, plan: Plan) -> None:
    html = client_of(world, "district").get(f"/kpi/{world.a.street.pk}/").content.decode()
    crumbs = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert crumbs and re.findall(r">([^<]+)</a>", crumbs.group(1)) == [world.a.federation.name]
    assert world.city.name not in crumbs.group(1)


@pytest.mark.parametrize(
    "path",
    [
        "/kpi/{pk}/",
        "/kpi/{pk}/union_coverage/numerator/",
        "/kpi/{pk}/union_coverage/denominator/?format=csv",
        "/kpi/{pk}/export.xlsx",
        "/kpi/{pk}/report.pdf",
    ],
)
def test_a_district_cadre_gets_404_for_the_sibling_district(world: World, path: str) -> None:
    client = client_of(world, "district")
    assert client.get(path.format(pk=world.b.federation.pk)).status_code == 404
    assert client.get(path.format(pk=world.a.federation.pk)).status_code == 200


def test_an_unknown_metric_or_part_is_not_found(world: World) -> None:
    client = client_of(world, "district")
    pk = world.a.federation.pk
    assert client.get(f"/kpi/{pk}/no_such_metric/numerator/").status_code == 404
    assert client.get(f"/kpi/{pk}/members/denominator/").status_code == 404  # a count


def test_an_administrator_has_no_dashboard(world: World) -> None:
    assert client_of(world, "sysadmin").get("/kpi/").status_code == 403  # accounts/duties.py


@pytest.mark.parametrize("username", ["city", "district", "street", "grassroots"])
def test_every_listed_count_equals_its_figure(world: World, plan: Plan, username: str) -> None:
    client = client_of(world, username)
    node = world.user(username).org
    for key, shown in tiles(client.get("/kpi/").content.decode()).items():
        for part in ("numerator", "denominator"):
            if shown[part] is None:
                continue
            html = client.get(f"/kpi/{node.pk}/{key}/{part}/").content.decode()
            assert figure_listed(html) == shown[part], (key, part)
            rows = html.count("<tr><td data-label")
            assert rows == min(records_listed(html), settings.GONGHUI_PAGE_SIZE)


def test_the_records_link_to_their_pages(world: World, plan: Plan) -> None:
    html = (
        client_of(world, "district")
        .get(f"/kpi/{world.a.federation.pk}/union_coverage/denominator/")
        .content.decode()
    )
    for employer in (world.a.employer, world.a.bare_employer):
        assert f'<a href="/employers/{employer.pk}/">{employer.name}</a>' in html


def test_the_listed_records_export_masked_and_audited(world: World) -> None:
    client = client_of(world, "district")
    url = f"/kpi/{world.a.federation.pk}/members/numerator/?format=xlsx"
    response = client.get(url)
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = book.get_sheet_by_index(0).to_python()
    assert len(header) == 4 and len(rows) == 1
    assert rows[0][0] == world.a.member.name
    assert rows[0][1] == world.a.member.masked_id_number != world.a.member.id_number
    entry = AuditEntry.objects.get(action="kpi-members-numerator.export")
    assert entry.detail["rows"] == 1 and entry.actor_id == world.user("district").pk
    filters = entry.detail["filters"]
    assert (filters["union_id"], filters["metric"], filters["part"]) == (
        world.a.federation.pk,
        "members",
        "numerator",
    )


def test_a_past_day_shows_that_day_s_figures_and_records(world: World) -> None:
    client = client_of(world, "district")
    before_joining = world.a.member.joined_on - dt.timedelta(days=1)
    html = client.get(f"/kpi/?as_of={before_joining:%Y-%m-%d}").content.decode()
    assert tiles(html)["members"]["numerator"] == 0
    assert (
        f"/kpi/{world.a.federation.pk}/members/numerator/?as_of={before_joining:%Y-%m-%d}" in html
    )
    listed = client.get(
        f"/kpi/{world.a.federation.pk}/members/numerator/?as_of={before_joining:%Y-%m-%d}"
    )
    assert records_listed(listed.content.decode()) == 0


@pytest.mark.parametrize("bad", ["2026-13-45", "yesterday", "9999-01-01", "<b>x</b>"])
def test_a_bad_day_shows_today_s_figures_with_a_message(world: World, bad: str) -> None:
    client = client_of(world, "district")
    response = client.get("/kpi/", {"as_of": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="as-of-problem"' in html
    assert "<b>x</b>" not in html
    today = client.get("/kpi/").content.decode()
    assert tiles(html) == tiles(today)
    assert f"{timezone.localdate():%Y-%m-%d}" in html
    drill = client.get(f"/kpi/{world.a.federation.pk}/members/numerator/", {"as_of": bad})
    assert drill.status_code == 200 and records_listed(drill.content.decode()) == 1


def test_the_wall_screen_has_no_navigation_and_refreshes(world: World, plan: Plan) -> None:
    html = client_of(world, "district").get("/kpi/?wall=1").content.decode()
    assert 'class="main-nav"' not in html and '<body class="wall">' in html
    assert '<meta http-equiv="refresh" content="300">' in html
    assert f'href="/kpi/{world.a.street.pk}/?wall=1"' in html  # drilling down stays on the wall


def test_the_overview_leads_to_the_dashboard_with_the_same_figures(
    world: World, plan: Plan
) -> None:
    client = client_of(world, "district")
    overview = client.get("/").content.decode()
    assert 'href="/kpi/" data-testid="dashboard"' in overview
    assert re.search(r'data-testid="unionised">50.0%<', overview)
    assert tiles(client.get("/kpi/").content.decode())["union_coverage"]["value"] == "50.0%"


@pytest.mark.parametrize(
    "tail", ["no_such_metric/numerator/", "union_coverage/everything/", "members/denominator/"]
)
def test_a_forged_drill_through_address_is_not_found(world: World, tail: str) -> None:
    client = client_of(world, "district")

    assert client.get(f"/kpi/{world.a.federation.pk}/{tail}").status_code == 404
