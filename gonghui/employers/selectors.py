"""Reading employers and their collective contracts, always within the user's scope."""

from __future__ import annotations

from typing import Any

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
