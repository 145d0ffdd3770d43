"""The audit trail's export columns (what the list shows, with the detail and the chain)."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.exporting import Column

COLUMNS = [
    Column(_("Entry"), lambda row: row.pk),
    Column(_("Recorded at"), lambda row: timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S")),
    Column(_("Username"), lambda row: row.actor.username if row.actor else ""),
    Column(_("Action"), lambda row: row.action),
    Column(_("Object type"), lambda row: row.object_type),
    Column(_("Object"), lambda row: row.object_id),
    Column(_("Result"), lambda row: row.result),
    Column(_("From address"), lambda row: row.remote_addr or ""),
    Column(_("Detail"), lambda row: json.dumps(row.detail, ensure_ascii=False, sort_keys=True)),
    Column(_("Sequence number"), lambda row: row.seq or ""),
    Column(_("Chain hash"), lambda row: row.hash),
]
