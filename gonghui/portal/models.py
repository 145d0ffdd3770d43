"""A worker's account data and the sign-up codes sent to mobiles.

Personal data is stored as in the registry (members/models.py): encrypted, with a keyed blind
index for exact lookup and uniqueness (one account per mobile, one per ID number).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.personal import PersonalData


class WorkerProfile(PersonalData, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile"
    )
    mobile_cipher = models.BinaryField(_("mobile (encrypted)"))
    mobile_blind = models.CharField(_("mobile index"), max_length=64, unique=True)
    name = models.CharField(_("full name"), max_length=60, blank=True)
    id_cipher = models.BinaryField(_("ID number (encrypted)"), null=True, blank=True)
    id_blind = models.CharField(_("ID number index"), max_length=64, blank=True)
    verified_at = models.DateTimeField(_("identity proven at"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["id_blind"], condition=~models.Q(id_blind=""), name="one_worker_per_id"
            )
        ]

    def __str__(self) -> str:
        return self.masked_mobile


class SmsCode(models.Model):
    """A sign-up code sent to a mobile: only its hash is kept, until it expires."""

    mobile_blind = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=128)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.mobile_blind[:8]} {self.sent_at:%Y-%m-%d %H:%M}"
