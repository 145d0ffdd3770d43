"""Reading the register of relocated workers. Every function but `relocated_among` and
`employers_for_import` takes the user; those two answer a whole-city question (another
domain presetting its 转岗分流 flag; an import telling "unknown" from "outside your subtree")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet

from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.employers.models import Employer
from gonghui.relocation.models import RelocatedWorker, ServiceRecord, Status


def relocated_among(id_blinds: Iterable[str]) -> set[str]:
    """The ID-number blind indexes among `id_blinds` that are on the register (city-wide, any
    status): one indexed lookup, no personal data decrypted."""
    wanted = set(id_blinds)
    if not wanted:
        return set()
    found = RelocatedWorker.objects.filter(id_blind__in=wanted).values_list("id_blind", flat=True)
    return set(found)


def worker_list(
    *,
    user: Any,
    industry: str = "",
    served: bool | None = None,
    status: str = "",
) -> QuerySet[RelocatedWorker]:
    """The register in scope, newest first; `served` False lists those no service reached."""
    # The page's unions by primary key (one small query): a join would let the database drive
    # the list from the union table (see members.selectors.member_list).
    workers = visible_to(RelocatedWorker, user).prefetch_related("union")
    if industry:
        workers = workers.filter(industry=industry)
    if served is not None:
        workers = workers.filter(first_served_on__isnull=not served)
    if status:
        workers = workers.filter(status=status)
    return workers.order_by("-id")


def not_in_service(*, user: Any, industry: str = "") -> QuerySet[RelocatedWorker]:
    """Workers still on the register whom no service has reached yet (尚未纳入服务范围)."""
    return worker_list(user=user, industry=industry, served=False).exclude(status=Status.LEFT)


def worker_get(*, user: Any, relocated_id: object) -> RelocatedWorker:
    return get_visible_or_404(
        RelocatedWorker,
        user,
        relocated_id,
        RelocatedWorker.objects.select_related("union", "area", "employer"),
    )


def worker_services(*, user: Any, worker: RelocatedWorker) -> QuerySet[ServiceRecord]:
    return visible_to(ServiceRecord, user, worker.services.all()).select_related("recorded_by")


class EmployerPlace(NamedTuple):
    """What an import needs of a registered employer to place a worker."""

    id: int
    name: str
    area_id: str
    union_id: int | None


def employers_for_import(codes: Iterable[str]) -> dict[str, EmployerPlace]:
    """Registered employers under the given credit codes, whatever the scope."""
    found = Employer.objects.filter(credit_code__in=list(codes)).values_list(
        "credit_code", "id", "name", "area_id", "union_id"
    )
    return {code: EmployerPlace(*values) for code, *values in found}
