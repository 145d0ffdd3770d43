"""The employer export (单位台账): the columns a federation's statistics office expects."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.exporting import Column, ExportKind, register
from gonghui.core.scope import Scope, rows_in_scope
from gonghui.core.templatetags.gonghui import yes_no
from gonghui.employers.models import CollectiveContract, Employer


def with_contract_in_force(employers: QuerySet[Employer], day: dt.date) -> QuerySet[Employer]:
    in_force = CollectiveContract.objects.filter(
        employer=OuterRef("pk"), signed_on__lte=day, expires_on__gte=day
    )
    return employers.annotate(contract_in_force=Exists(in_force))


EMPLOYER_COLUMNS = [
    Column(_("Unified social credit code"), lambda e: e.credit_code),
    Column(_("Employer name"), lambda e: e.name),
    Column(_("Area code"), lambda e: e.area_id),
    Column(_("Ownership"), lambda e: e.get_ownership_display()),
    Column(_("Industry"), lambda e: e.industry),
    Column(_("Headcount"), lambda e: e.headcount),
    Column(_("Has a union"), lambda e: yes_no(e.union_id)),
    Column(_("Covering union"), lambda e: e.union.name if e.union else ""),
    Column(_("Workers' congress"), lambda e: yes_no(e.congress_since)),
    Column(_("Collective contract in force"), lambda e: yes_no(e.contract_in_force)),
    Column(_("Registered on"), lambda e: e.registered_on),
    Column(_("Covered by a union since"), lambda e: e.unionised_on),
]


def _rows(scope: Scope) -> QuerySet[Employer]:
    employers = rows_in_scope(Employer, scope).select_related("area", "union").order_by("id")
    return with_contract_in_force(employers, timezone.localdate())


register(ExportKind("employers", rows=_rows, columns=lambda _unmasked: EMPLOYER_COLUMNS))
