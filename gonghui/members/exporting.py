"""The member export (会员花名册): masked personal data unless the user may unmask."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.exporting import Column, ExportKind, register
from gonghui.core.scope import Scope, rows_in_scope
from gonghui.core.templatetags.gonghui import yes_no
from gonghui.members.models import Member, Status


def member_columns(*, unmasked: bool) -> list[Column]:
    return [
        Column(_("Full name"), lambda m: m.name),
        Column(
            _("ID number"), (lambda m: m.id_number) if unmasked else (lambda m: m.masked_id_number)
        ),
        Column(_("Mobile"), (lambda m: m.mobile) if unmasked else (lambda m: m.masked_mobile)),
        Column(_("Gender"), lambda m: m.get_gender_display()),
        Column(_("Employer"), lambda m: m.employer.name if m.employer else ""),
        Column(
            _("Employer's unified social credit code"),
            lambda m: m.employer.credit_code if m.employer else "",
        ),
        Column(_("Union"), lambda m: m.union.name),
        Column(_("Joined on"), lambda m: m.joined_on),
        Column(_("Status"), lambda m: m.get_status_display()),
        Column(_("Migrant worker"), lambda m: yes_no(m.is_migrant_worker)),
    ]


def _rows(scope: Scope) -> QuerySet[Member]:
    members = rows_in_scope(Member, scope).filter(status=Status.ACTIVE)
    return members.prefetch_related("union", "employer").order_by("id")


register(
    ExportKind("members", rows=_rows, columns=lambda unmasked: member_columns(unmasked=unmasked))
)
