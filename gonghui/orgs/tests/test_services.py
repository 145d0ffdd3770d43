"""Changing the union tree and the "六有" assessments, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.conftest import World, credit_code
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Area, SixHaves, SixHavesAssessment, Union
from gonghui.orgs.services import six_haves_assess, union_add

pytestmark = pytest.mark.django_db


def codes(caught: pytest.ExceptionInfo[ValidationError]) -> set[str | None]:
    return {error.code for error in caught.value.error_list}


def new_street_area(world: World) -> Area:
    return Area.objects.create(
        code="320302002", name="鼓楼区第二街道", level="street", parent=world.a.area
    )


# Placement in the tree


def test_a_street_federation_cannot_sit_directly_under_the_city(world: World) -> None:
    count = Union.objects.count()
    for actor in (None, world.user("city")):
        with pytest.raises(ValidationError) as caught:
            union_add(actor=actor, parent=world.city, name="直属街道总工会", kind=Union.Kind.STREET)
        assert codes(caught) == {"placement"}
    assert Union.objects.count() == count


@pytest.mark.parametrize(
    ("kind", "parent"),
    [
        (Union.Kind.DISTRICT, "federation"),  # a district under a district
        (Union.Kind.GRASSROOTS, "grassroots"),  # a union under a union
        (Union.Kind.JOINT, "federation"),  # joint unions sit under a street or industry
        (Union.Kind.CITY, "federation"),  # only one root
    ],
)
def test_other_misplacements_are_refused(world: World, kind: str, parent: str) -> None:
    with pytest.raises(ValidationError) as caught:
        union_add(actor=None, parent=getattr(world.a, parent), name="错位工会", kind=kind)
    assert codes(caught) == {"placement"}


def test_only_the_system_creates_a_node_without_a_parent(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        union_add(
            actor=world.user("city"), parent=None, name="第二个市总工会", kind=Union.Kind.CITY
        )
    assert codes(caught) == {"root"}
    with pytest.raises(ValidationError):
        union_add(actor=None, parent=None, name="无上级基层工会", kind=Union.Kind.GRASSROOTS)


def test_a_district_cadre_adds_a_street_federation_under_its_own_federation(
    world: World,
) -> None:
    area = new_street_area(world)
    street = union_add(
        actor=world.user("district"),
        parent=world.a.federation,
        name=" 鼓楼区第二街道总工会 ",
        kind=Union.Kind.STREET,
        area=area,
    )
    assert street.name == "鼓楼区第二街道总工会"
    assert street.path == f"{world.a.federation.path}{street.pk}/"
    assert street in world.user("district").org.children.all()
    entry = AuditEntry.objects.get(action="union.create", object_id=str(street.pk))
    assert entry.actor == world.user("district")
    assert entry.detail["after"]["parent"] == world.a.federation.pk


def test_the_system_writes_its_own_changes_to_the_trail_without_an_actor(world: World) -> None:
    entry = AuditEntry.objects.get(action="union.create", object_id=str(world.city.pk))
    assert entry.actor is None and entry.detail["after"]["kind"] == Union.Kind.CITY


def test_a_cadre_cannot_add_under_the_sibling_district(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        union_add(
            actor=world.user("district"),
            parent=world.b.federation,
            name="越界街道总工会",
            kind=Union.Kind.STREET,
        )
    assert "parent" in caught.value.message_dict
    assert not Union.objects.filter(name="越界街道总工会").exists()


def test_a_cadre_cannot_give_a_new_union_a_territory_outside_its_own(world: World) -> None:
    # A node's area is its territory: a street federation of A placed on B's street would
    # let its cadres see B's employers that no union covers.
    with pytest.raises(ValidationError) as caught:
        union_add(
            actor=world.user("district"),
            parent=world.a.federation,
            name="鼓楼区飞地街道总工会",
            kind=Union.Kind.STREET,
            area=world.b.street_area,
        )
    assert "area" in caught.value.message_dict
    assert not Union.objects.filter(name="鼓楼区飞地街道总工会").exists()


def test_a_viewer_adds_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        union_add(
            actor=world.user("viewer"),
            parent=world.a.street,
            name="只读工会",
            kind=Union.Kind.GRASSROOTS,
            area=world.a.street_area,
        )
    assert codes(caught) == {"role"}


def test_a_credit_code_is_checked_and_stored_upper_case(world: World) -> None:
    code = credit_code("320302", 41, prefix="81")
    union = union_add(
        actor=world.user("street"),
        parent=world.a.street,
        name="鼓楼区新工会",
        kind=Union.Kind.GRASSROOTS,
        area=world.a.street_area,
        credit_code=code.lower(),
    )
    assert union.credit_code == code
    wrong = code[:-1] + ("1" if code.endswith("0") else "0")
    with pytest.raises(ValidationError):
        union_add(
            actor=world.user("street"),
            parent=world.a.street,
            name="鼓楼区错码工会",
            kind=Union.Kind.GRASSROOTS,
            credit_code=wrong,
        )


def test_a_credit_code_already_held_by_a_union_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        union_add(
            actor=world.user("street"),
            parent=world.a.street,
            name="鼓楼区重码工会",
            kind=Union.Kind.GRASSROOTS,
            area=world.a.street_area,
            credit_code=world.a.grassroots.credit_code,
        )
    assert "credit_code" in caught.value.message_dict
    assert not Union.objects.filter(name="鼓楼区重码工会").exists()


# The six haves


def assess(world: World, union: Union, actor: str = "grassroots", **overrides: object) -> object:
    arguments: dict = {
        "item": SixHaves.CHAIR,
        "met": True,
        "assessed_on": dt.date(2026, 3, 1),
        "note": "2025年换届选举",
    }
    arguments.update(overrides)
    return six_haves_assess(actor=world.user(actor), union=union, **arguments)


def test_a_grassroots_union_is_assessed_and_the_assessment_audited(world: World) -> None:
    assessment = assess(world, world.a.grassroots)
    assert isinstance(assessment, SixHavesAssessment)
    assert assessment.assessed_by == world.user("grassroots")
    entry = AuditEntry.objects.get(action="six_haves.assess")
    assert entry.object_id == str(assessment.pk) and entry.detail["after"]["met"] is True


@pytest.mark.parametrize("node", ["street", "federation"])
def test_only_grassroots_unions_are_assessed(world: World, node: str) -> None:
    with pytest.raises(ValidationError):
        assess(world, getattr(world.a, node), actor="district")
    assert not SixHavesAssessment.objects.exists()
    assert not AuditEntry.objects.filter(action="six_haves.assess").exists()


def test_a_new_assessment_of_an_item_replaces_the_last(world: World) -> None:
    assess(world, world.a.grassroots)
    assess(world, world.a.grassroots, met=False, assessed_on=dt.date(2026, 4, 1))
    only = SixHavesAssessment.objects.get(union=world.a.grassroots, item=SixHaves.CHAIR)
    assert only.met is False and only.assessed_on == dt.date(2026, 4, 1)
    assert AuditEntry.objects.filter(action="six_haves.assess").count() == 2


def test_an_item_is_met_only_with_evidence(world: World) -> None:
    with pytest.raises(ValidationError):
        assess(world, world.a.grassroots, note="")
    assert assess(world, world.a.grassroots, met=False, note="")


def test_the_sibling_district_is_not_assessed(world: World) -> None:
    with pytest.raises(ValidationError):
        assess(world, world.b.grassroots, actor="district")
    assert not SixHavesAssessment.objects.exists()


def test_a_viewer_does_not_assess(world: World) -> None:
    with pytest.raises(ValidationError):
        assess(world, world.a.grassroots, actor="viewer")
    assert not SixHavesAssessment.objects.exists()
