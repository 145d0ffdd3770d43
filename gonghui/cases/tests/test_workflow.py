from __future__ import annotations

import pytest

from gonghui.cases.models import Case
from gonghui.cases.tests.workflows import OWN, REVIEW
from gonghui.cases.workflow import State, Transition, Workflow, available_transitions, register
from gonghui.conftest import World


def test_it_refuses_a_transition_into_an_unknown_state() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Workflow(
            key="bad",
            label="Bad",
            states=(State("a", "A"),),
            transitions=(Transition("go", "Go", sources=("a",), target="b", by=(OWN,)),),
        )


def test_it_refuses_a_case_type_declared_twice() -> None:
    with pytest.raises(ValueError, match="twice"):
        register(REVIEW)


@pytest.mark.django_db
def test_only_the_cadres_of_the_named_node_see_a_step(world: World, case: Case) -> None:
    assert [t.name for t in available_transitions(world.user("grassroots"), case)] == ["forward"]
    for name in ("street", "district", "city", "viewer", "district_b"):
        assert available_transitions(world.user(name), case) == []
