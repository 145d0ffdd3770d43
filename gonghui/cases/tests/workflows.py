"""A case type declared for the tests: a three-level review with a deadline at each level."""

from __future__ import annotations

from gonghui.cases.models import Case
from gonghui.cases.workflow import Cadre, State, Transition, Workflow, register
from gonghui.core.services import refuse
from gonghui.orgs.models import Union

OWN = Cadre.own_union()
STREET = Cadre.above(Union.Kind.STREET)
DISTRICT = Cadre.above(Union.Kind.DISTRICT)

REVIEW = register(Workflow(
    key="test_review",
    label="Three-level review",
    states=(
        State("filed", "Filed", days=3),
        State("street", "At the street", days=5),
        State("district", "At the district", days=10),
        State("approved", "Approved", final=True),
        State("rejected", "Rejected", final=True),
    ),
    transitions=(
        Transition("forward", "Forward", sources=("filed",), target="street", by=(OWN,)),
        Transition("endorse", "Endorse", sources=("street",), target="district", by=(STREET,)),
        Transition("send_back", "Send back", sources=("street",), target="filed", by=(STREET,)),
        Transition("approve", "Approve", sources=("district",), target="approved", by=(DISTRICT,)),
        Transition("reject", "Reject", sources=("street",), target="rejected", by=(STREET,)),
        Transition("decline", "Decline", sources=("district",), target="rejected", by=(DISTRICT,)),
    ),
))  # fmt: skip


def _stamp(actor: object, case: Case) -> None:
    """The effect of "settle": refuses when the case says so, else records who settled it."""
    if case.data.get("refuse"):
        refuse("The registry refuses.", code="registry")
    case.data = {**case.data, "settled_by": getattr(actor, "pk", None)}
    case.save(update_fields=["data"])


SETTLEMENT = register(Workflow(
    key="test_settlement",
    label="Settlement applied for",
    states=(State("asked", "Asked", days=7), State("settled", "Settled", final=True)),
    transitions=(
        Transition("settle", "Settle", sources=("asked",), target="settled", by=(OWN,),
                   effect=_stamp),
    ),
))  # fmt: skip
