"""The hardship file export (困难职工档案): masked personal data unless the user may unmask."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.exporting import Column, ExportKind, register
from gonghui.core.scope import Scope, rows_in_scope
from gonghui.core.templatetags.gonghui import yes_no
from gonghui.hardship.models import Household


def household_columns(*, unmasked: bool) -> list[Column]:
    return [
        Column(_("File number"), lambda h: h.number),
        Column(_("Applicant"), lambda h: h.applicant_name),
        Column(
            _("ID number"),
            (lambda h: h.applicant_id_number) if unmasked else (lambda h: h.masked_id_number),
        ),
        Column(
            _("Mobile"), (lambda h: h.applicant_mobile) if unmasked else (lambda h: h.masked_mobile)
        ),
        Column(_("Holding union"), lambda h: h.union.name),
        Column(_("Household size"), lambda h: h.size),
        Column(_("Yearly household income (yuan)"), lambda h: h.income),
        Column(_("Yearly rigid expenses (yuan)"), lambda h: h.expenses),
        Column(_("Cause of hardship"), lambda h: h.get_cause_display()),
        Column(_("Tier"), lambda h: h.get_tier_display()),
        Column(_("Relocated"), lambda h: yes_no(h.relocated)),
        Column(_("Status"), lambda h: h.get_status_display()),
        Column(_("Approved on"), lambda h: h.activated_on or ""),
        Column(_("Re-verified on"), lambda h: h.reverified_on or ""),
        Column(_("Exited on"), lambda h: h.exited_on or ""),
    ]


def _rows(scope: Scope) -> QuerySet[Household]:
    return rows_in_scope(Household, scope).prefetch_related("union").order_by("id")


register(
    ExportKind(
        "hardship", rows=_rows, columns=lambda unmasked: household_columns(unmasked=unmasked)
    )
)
