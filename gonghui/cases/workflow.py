"""Declaring a case type: its states, its transitions and who may take each one.

A domain declares its case types in its own `workflows.py` (found by `CasesConfig.ready`):

    register(Workflow(
        key="hardship", label=_("Hardship aid"),
        states=(State("filed", _("Filed"), days=5), State("granted", _("Granted"), final=True)),
        transitions=(
            Transition("grant", _("Grant"), sources=("filed",), target="granted",
                       by=(Cadre.above(Union.Kind.STREET),)),
        ),
    ))

The engine knows only the union tree: who may act is always "a cadre of a node on the case's
line up the tree" (its own union, or the street/district/city federation above it), so the
same declaration answers "may this user act?" and "whom do we notify?". A transition's
`effect` is what the step does in its domain (approving a membership application creates the
member), run in the step's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from gonghui.orgs.models import Union

if TYPE_CHECKING:
    from gonghui.cases.models import Case

OWN = "own"


@dataclass(frozen=True)
class Cadre:
    """The cadres of one node on the case's line: its own union (OWN) or the federation of a
    kind above it (a street federation, a district federation, the city federation)."""

    level: str

    @classmethod
    def own_union(cls) -> Cadre:
        return cls(OWN)

    @classmethod
    def above(cls, kind: str) -> Cadre:
        return cls(kind)

    def node(self, case: Case) -> Union | None:
        """The node whose cadres act: the case's own union, or the nearest one of the kind."""
        if self.level == OWN:
            return case.union
        return next((node for node in reversed(case.line) if node.kind == self.level), None)

    def allows(self, user: Any, case: Case) -> bool:
        node = self.node(case)
        return node is not None and getattr(user, "may_edit", False) and user.org_id == node.pk


@dataclass(frozen=True)
class State:
    key: str
    label: str | Promise
    days: int | None = None  # the deadline of this step, counted from entering it
    final: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    by: tuple[Cadre, ...]
    # What the step does besides moving the case (e.g. record the new member), called with the
    # acting cadre and the case inside the step's transaction; its refusal (a ValidationError)
    # rolls the step back and is shown like any other refusal.
    effect: Callable[[Any, Case], None] | None = None
    # False for a step its domain takes on its own page, after recording what the step needs
    # (a dispute's hand-off to arbitration): the case page does not offer it.
    offered: bool = True

    def allows(self, user: Any, case: Case) -> bool:
        return any(cadre.allows(user, case) for cadre in self.by)


@dataclass(frozen=True)
class Workflow:
    key: str
    label: str | Promise
    states: tuple[State, ...]  # the first is where a case starts
    transitions: tuple[Transition, ...]

    def __post_init__(self) -> None:
        keys = {state.key for state in self.states}
        finals = {state.key for state in self.states if state.final}
        names = [transition.name for transition in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.key}: transition names must be unique")
        for transition in self.transitions:
            ends = {*transition.sources, transition.target}
            if not ends <= keys or finals & set(transition.sources) or not transition.by:
                problem = "an unknown or final state, or nobody to act"
                raise ValueError(f"{self.key}.{transition.name}: {problem}")

    @property
    def initial(self) -> State:
        return self.states[0]

    def state(self, key: str) -> State:
        return next(state for state in self.states if state.key == key)

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def leaving(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]


REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    if workflow.key in REGISTRY:
        raise ValueError(f"case type {workflow.key!r} is declared twice")
    REGISTRY[workflow.key] = workflow
    return workflow


def workflow_of(key: str) -> Workflow:
    return REGISTRY[key]


def available_transitions(user: Any, case: Case) -> list[Transition]:
    """The transitions `user` may take on `case` now (the buttons on its page)."""
    steps = workflow_of(case.type).leaving(case.state)
    return [t for t in steps if t.offered and t.allows(user, case)]
