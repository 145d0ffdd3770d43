"""Cases of the demo city as rows for the bulk loader: a case and its timeline, walked through
its workflow's declared steps (so a demo case is always in a state its workflow can reach)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Model

from gonghui.cases.models import Case, CaseEvent
from gonghui.cases.workflow import Workflow

CASE_COLUMNS = ("id", "type", "state", "union_id", "title", "applicant_id", "data", "opened_at",
                "due_at", "closed_at", "hours_open")  # fmt: skip
EVENT_COLUMNS = ("id", "case_id", "kind", "actor_id", "at", "transition", "from_state",
                 "to_state", "note")  # fmt: skip
Table = tuple[type[Model], Sequence[str], Sequence[Sequence[Any]]]


class CaseRows:
    """Collects demo cases with explicit ids; `tables()` gives them to the loader."""

    def __init__(self) -> None:
        self.cases: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []

    def add(
        self,
        workflow: Workflow,
        *,
        union_id: int,
        title: str,
        opened_by: int | None,
        opened_at: dt.datetime,
        steps: Sequence[tuple[str, int, dt.datetime]] = (),
        applicant_id: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> int:
        """A case opened at `opened_at` that then took `steps` (transition, actor id, when);
        returns its id. A step its workflow does not allow from the state reached is an error
        in the demo, raised at once."""
        case_id = len(self.cases) + 1
        state = workflow.initial.key
        self._event(case_id, "opened", opened_by, opened_at, target=state)
        at = opened_at
        for name, actor, at in steps:
            step = workflow.transition(name)
            if step is None or state not in step.sources:
                raise ValueError(f"{workflow.key}: no step {name!r} from {state!r}")
            self._event(case_id, "transition", actor, at, step=(name, state, step.target))
            state = step.target
        reached = workflow.state(state)
        closed_at = at if reached.final else None
        due_at = at + dt.timedelta(days=reached.days) if reached.days is not None else None
        hours = (at - opened_at) // dt.timedelta(hours=1) if reached.final else None
        self.cases.append((
            case_id, workflow.key, state, union_id, title[:200], applicant_id,
            json.dumps(data or {}, ensure_ascii=False), opened_at, due_at, closed_at, hours,
        ))  # fmt: skip
        return case_id

    def _event(
        self,
        case_id: int,
        kind: str,
        actor: int | None,
        at: dt.datetime,
        *,
        step: tuple[str, str, str] = ("", "", ""),
        target: str = "",
    ) -> None:
        """A timeline line; `step` is (transition, from state, to state)."""
        transition, source, reached = step
        row = (len(self.events) + 1, case_id, kind, actor, at, transition, source,
               reached or target, "")  # fmt: skip
        self.events.append(row)

    def tables(self) -> Iterator[Table]:
        yield Case, CASE_COLUMNS, self.cases
        yield CaseEvent, EVENT_COLUMNS, self.events
