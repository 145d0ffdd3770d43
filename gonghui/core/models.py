"""The audit trail: who did what to which record, written in the caller's transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One audited event (操作日志): a change, an unmask, an export, a refused access."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    result = models.CharField(_("result"), max_length=20, default="ok")
    remote_addr = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # Set once by the sealing step (core/chain.py), never by the writer: the entry's place in
    # the hash chain and sha256(previous hash ‖ the entry's canonical JSON). The database
    # refuses every other change to the row (migration 0002).
    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True, unique=True)
    hash = models.CharField(_("chain hash"), max_length=64, blank=True, db_default="")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type}#{self.object_id}"
