"""The union export (工会组织名册)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.exporting import Column, ExportKind, register
from gonghui.core.scope import Scope, rows_in_scope
from gonghui.orgs.models import Union

UNION_COLUMNS = [
    Column(_("Name"), lambda u: u.name),
    Column(_("Kind"), lambda u: u.get_kind_display()),
    Column(_("Parent union"), lambda u: u.parent.name if u.parent else ""),
    Column(_("Area code"), lambda u: u.area_id or ""),
    Column(_("Unified social credit code"), lambda u: u.credit_code or ""),
]


def _rows(scope: Scope) -> QuerySet[Union]:
    return rows_in_scope(Union, scope).select_related("parent").order_by("path")


register(ExportKind("unions", rows=_rows, columns=lambda _unmasked: UNION_COLUMNS))
