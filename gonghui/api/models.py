"""API tokens (接口令牌): a partner agency's key to the data of one subtree of the union tree."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeField
from gonghui.core.scope import Scope, ScopedModel
from gonghui.orgs.models import Union, in_subtree

# The secret's first characters, kept in clear so that a cadre can tell tokens apart.
PREFIX_LENGTH = 10


def secret_hash(secret: str) -> str:
    """The SHA-256 of a secret: all the database keeps of it."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(ScopedModel):
    """A bearer token issued to a partner agency (e.g. 市人社局) for one union node's subtree.

    The secret is shown once, when the token is created; the database keeps only its SHA-256
    and a short prefix. Requests made with the token act in the node's scope, read-only unless
    the token was issued for reading and writing.
    """

    class Access(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")

    url_kwarg = "token_id"

    name = models.CharField(_("partner agency"), max_length=120)
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.READ
    )
    prefix = CodeField(_("token prefix"), max_length=PREFIX_LENGTH, editable=False)
    secret_hash = CodeField(_("secret hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")

    @property
    def may_write(self) -> bool:
        return self.access == self.Access.READ_WRITE

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired()

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return _("revoked")
        return _("expired") if self.is_expired() else _("active")
