"""Work plans: targets inherited down the tree, paced status, and refused bad targets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.conftest import World
from gonghui.kpi.checks import chosen_denominators
from gonghui.kpi.figures import Board, Status, status_of
from gonghui.kpi.models import Plan, Target
from gonghui.kpi.registry import METRICS
from gonghui.kpi.services import plan_load, plan_save

YEAR = timezone.localdate().year


def target_at(union_path: str, node_id: int, metric: str) -> float | None:
    return Board({node_id: union_path}).figure(node_id, METRICS[metric]).target


def test_a_target_applies_below_unless_a_lower_plan_sets_its_own(world: World) -> None:
    plan_load(actor=None, org=world.city, year=YEAR)
    plan_save(
        actor=world.user("district"), org=world.a.federation, year=YEAR, name="鼓楼区目标",
        targets={"union_coverage": "90", "six_haves": ""},
    )  # fmt: skip

    a_street, b_street = world.a.street, world.b.street
    assert target_at(a_street.path, a_street.pk, "union_coverage") == 90.0
    assert target_at(b_street.path, b_street.pk, "union_coverage") == 85.0
    # Blank in the district's plan: the city's target applies.
    assert target_at(a_street.path, a_street.pk, "six_haves") == 70.0
    assert target_at(world.city.path, world.city.pk, "members") is None


@pytest.mark.parametrize(
    ("value", "target", "start", "expected"),
    [
        (80.0, 80.0, 60.0, Status.MET),
        (70.5, 80.0, 60.0, Status.ON_TRACK),  # half way through the year, half way there
        (65.0, 80.0, 60.0, Status.BEHIND),
        (None, 80.0, 60.0, Status.NO_DATA),
        (65.0, None, 60.0, Status.NO_TARGET),
    ],
)
def test_status_is_paced_over_the_year(
    value: float | None, target: float | None, start: float, expected: Status
) -> None:
    mid_year = dt.date(2026, 7, 2)  # day 183 of 365

    assert status_of(value, target, start, mid_year)[1] == expected


@pytest.mark.parametrize(
    ("targets", "field"),
    [({"union_coverage": "120"}, "union_coverage"), ({"members": "-5"}, "members"),
     ({"union_coverage": "八十五"}, "union_coverage"), ({"no_such_metric": "5"}, "no_such_metric")],
)  # fmt: skip
def test_a_bad_target_is_refused_and_nothing_is_written(
    world: World, targets: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        plan_save(
            actor=world.user("district"),
            org=world.a.federation,
            year=YEAR,
            name="x",
            targets=targets,
        )

    assert field in refusal.value.message_dict
    assert not Plan.objects.exists()
    assert not Target.objects.exists()


def test_a_cadre_cannot_set_targets_outside_their_subtree(world: World) -> None:
    with pytest.raises(ValidationError):
        plan_save(
            actor=world.user("district"), org=world.b.federation, year=YEAR, name="x", targets={}
        )

    assert not Plan.objects.exists()


def test_a_deployment_may_choose_another_denominator(world: World, settings: object) -> None:
    settings.GONGHUI_KPI_DENOMINATORS = {"membership_rate": "unionised"}  # type: ignore[attr-defined]
    a = world.a.federation

    figure = Board({a.pk: a.path}).figure(a.pk, METRICS["membership_rate"])

    # 张三 of the factory's 120 workers; the shop (8 workers, no union) no longer counts.
    assert (figure.numerator, figure.denominator) == (1, 120)
    assert not chosen_denominators()


def test_an_unknown_denominator_stops_the_start(settings: object) -> None:
    settings.GONGHUI_KPI_DENOMINATORS = {"membership_rate": "everyone"}  # type: ignore[attr-defined]

    assert [problem.id for problem in chosen_denominators()] == ["kpi.E001"]


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [(341, 400, 85.3), (1, 3, 33.3), (2, 3, 66.7), (5, 5, 100.0), (0, 7, 0.0), (3, 0, None)],
)
def test_shares_are_rounded_half_up_to_a_tenth(
    numerator: int, denominator: int, value: float | None
) -> None:
    # 341 / 400 = 85.25%: 四舍五入 gives 85.3 (round() would give 85.2).
    assert METRICS["union_coverage"].value(numerator, denominator) == value


def test_a_counts_target_holds_at_its_plans_node_and_a_shares_below_it_too(world: World) -> None:
    plan_save(
        actor=world.user("city"), org=world.city, year=YEAR, name="市总工会年度目标",
        targets={"legal_aid_posts": "20", "union_coverage": "85"},
    )  # fmt: skip
    board = Board({world.city.pk: world.city.path, world.a.federation.pk: world.a.federation.path})
    city = {f.metric.key: f.target for f in board.figures(world.city.pk)}
    district = {f.metric.key: f.target for f in board.figures(world.a.federation.pk)}
    assert city["legal_aid_posts"] == 20 and city["union_coverage"] == 85
    assert district["legal_aid_posts"] is None and district["union_coverage"] == 85
