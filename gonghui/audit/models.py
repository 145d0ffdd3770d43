"""The audit trail as the auditor's pages see it (审计员): the same table as `core.AuditEntry`.

`AuditRecord` is a proxy so that the `entry_id` in the pages' URLs names a `ScopedModel`, as
every object in a URL must. Audit records belong to no place in the union tree: no union's
scope covers them, so `scope_filter` selects nothing. They are read only through
`audit.selectors` behind `audit.http.auditor_required` (the auditor's role, not a scope),
never through `core.scope.visible_to`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AuditEntry
from gonghui.core.scope import Scope, ScopedModel


class AuditRecord(AuditEntry, ScopedModel):
    url_kwarg = "entry_id"
    in_tree = False  # no union's: not even the city's federation reads it through the scope

    class Meta:
        proxy = True
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return models.Q(pk__in=[])

    @property
    def sealed(self) -> bool:
        return self.seq is not None
