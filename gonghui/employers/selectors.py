"""Reading employers and their collective contracts, always within the user's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet

from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.employers.models import CollectiveContract, Employer


def employer_list(*, user: Any) -> QuerySet[Employer]:
    return visible_to(Employer, user).select_related("area", "union").order_by("-id")


def employer_get(*, user: Any, employer_id: object) -> Employer:
    return get_visible_or_404(
        Employer, user, employer_id, Employer.objects.select_related("area", "union")
    )


def employer_by_credit_code(*, user: Any, credit_code: str) -> Employer | None:
    return (
        visible_to(Employer, user).select_related("union").filter(credit_code=credit_code).first()
    )


def employer_contracts(*, user: Any, employer: Employer) -> QuerySet[CollectiveContract]:
    return visible_to(CollectiveContract, user, employer.contracts.all())


class EmployerRef(NamedTuple):
    """What an import needs of a registered employer: its id and its covering union."""

    id: int
    union_id: int | None
    union_path: str | None


def employers_by_credit_code(codes: Iterable[str]) -> dict[str, EmployerRef]:
    """Registered employers under the given credit codes, whatever the scope: an import tells
    "not registered" from "outside your subtree" and checks the union path itself."""
    found = Employer.objects.filter(credit_code__in=list(codes)).values_list(
        "credit_code", "id", "union_id", "union__path"
    )
    return {code: EmployerRef(*values) for code, *values in found}
