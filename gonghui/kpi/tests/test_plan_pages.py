"""The plan pages: who reads a plan, who sets its targets, where an inherited target comes from."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from gonghui.conftest import World
from gonghui.kpi import services
from gonghui.kpi.models import Plan
from gonghui.kpi.tests.pages import city_plan, client_of, tiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world: World) -> Plan:
    return city_plan(world)


@pytest.fixture
def district_plan(world: World, plan: Plan) -> Plan:
    return services.plan_save(
        actor=world.user("district"),
        org=world.a.federation,
        year=plan.year,
        name="鼓楼区年度目标",
        targets={"union_coverage": "90"},
    )


def targets_of(plan: Plan) -> dict[str, Decimal]:
    return dict(plan.targets.values_list("metric", "value"))


def form_data(plan: Plan, **targets: str) -> dict[str, str]:
    return {"name": plan.name, "source": plan.source, **targets}


def test_the_list_holds_the_plans_above_and_of_the_node(
    world: World, district_plan: Plan, plan: Plan
) -> None:
    sibling = Plan.objects.create(year=plan.year, org=world.b.federation, name="云龙区泄露目标")
    html = client_of(world, "street").get("/kpi/plans/").content.decode()
    assert f'href="/kpi/plans/{plan.pk}/"' in html
    assert f'href="/kpi/plans/{district_plan.pk}/"' in html
    assert sibling.name not in html


def test_a_cadre_sets_the_targets_of_its_node_s_plan(world: World, district_plan: Plan) -> None:
    client = client_of(world, "district")
    response = client.post(
        f"/kpi/plans/{district_plan.pk}/",
        form_data(district_plan, union_coverage="92.5", six_haves="75"),
    )
    assert response.status_code == 302
    assert targets_of(district_plan) == {"union_coverage": Decimal("92.5"), "six_haves": 75}
    shown = tiles(client.get("/kpi/").content.decode())
    assert "92.5%" in shown["union_coverage"]["target"]
    assert world.a.federation.name in shown["six_haves"]["target"]


def test_a_share_above_100_is_refused_beside_its_field(world: World, district_plan: Plan) -> None:
    before = targets_of(district_plan)
    response = client_of(world, "district").post(
        f"/kpi/plans/{district_plan.pk}/",
        form_data(district_plan, union_coverage="120", six_haves="75"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    with translation.override("zh-hans"):
        assert form.errors == {"union_coverage": [gettext("A share is between 0 and 100.")]}
    html = response.content.decode()
    field = html[html.index('name="union_coverage"') :]
    assert field.index('class="error"') < field.index('name="', 5)  # beside its own input
    assert targets_of(district_plan) == before


def test_a_blank_target_says_which_plan_it_inherits(world: World, district_plan: Plan) -> None:
    html = client_of(world, "district").get(f"/kpi/plans/{district_plan.pk}/").content.decode()
    six_haves = html[html.index('name="six_haves"') :]
    help_text = six_haves[: six_haves.index("</small>")]
    assert "70" in help_text and world.city.name in help_text


def test_a_viewer_reads_a_plan_but_cannot_change_it(world: World, district_plan: Plan) -> None:
    client = client_of(world, "viewer")
    before = targets_of(district_plan)
    html = client.get(f"/kpi/plans/{district_plan.pk}/").content.decode()
    assert 'data-testid="read-only"' in html and 'type="submit"' not in html
    assert 'name="union_coverage" value="90"' in html and "disabled" in html
    response = client.post(f"/kpi/plans/{district_plan.pk}/", form_data(district_plan))
    assert response.status_code == 403
    assert client.get("/kpi/plans/new/").status_code == 403
    assert targets_of(district_plan) == before


def test_a_district_cadre_cannot_change_the_city_s_plan(world: World, plan: Plan) -> None:
    before = targets_of(plan)
    client = client_of(world, "district")
    assert 'data-testid="read-only"' in client.get(f"/kpi/plans/{plan.pk}/").content.decode()
    response = client.post(f"/kpi/plans/{plan.pk}/", form_data(plan, union_coverage="1"))
    assert response.status_code == 403
    assert targets_of(plan) == before


def test_a_cadre_creates_a_plan_for_a_node_below(world: World, plan: Plan) -> None:
    client = client_of(world, "district")
    response = client.post(
        "/kpi/plans/new/",
        {"org": world.a.street.pk, "year": plan.year, "name": "街道目标", "six_haves": "80"},
    )
    created = Plan.objects.get(org=world.a.street, year=plan.year)
    assert response.status_code == 302 and response["Location"] == f"/kpi/plans/{created.pk}/"
    assert targets_of(created) == {"six_haves": 80}
    again = client.post(
        "/kpi/plans/new/", {"org": world.a.street.pk, "year": plan.year, "name": "又一个"}
    )
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert Plan.objects.filter(org=world.a.street).count() == 1


def test_a_cadre_cannot_create_a_plan_outside_its_subtree(world: World) -> None:
    response = client_of(world, "district").post(
        "/kpi/plans/new/", {"org": world.b.federation.pk, "year": 2026, "name": "x"}
    )
    assert response.status_code == 200 and "org" in response.context["form"].errors
    assert not Plan.objects.filter(org=world.b.federation).exists()
