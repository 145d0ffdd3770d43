"""The register of relocated workers (转岗分流职工) of the coal and steel industries (去产能),
and the services each received (技能培训、创业培训、专题职业推介、特困帮扶、再就业)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeField
from gonghui.core.personal import PersonalData
from gonghui.core.scope import Scope, ScopedModel
from gonghui.employers.models import Employer
from gonghui.orgs.models import Area, Union, in_subtree


class Industry(models.TextChoices):
    COAL = "coal", _("Coal")
    STEEL = "steel", _("Steel")


class Status(models.TextChoices):
    REGISTERED = "registered", _("In the register")
    REEMPLOYED = "reemployed", _("Re-employed")
    LEFT = "left", _("Left the register")


class ServiceKind(models.TextChoices):
    SKILLS = "skills", _("Skills training")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship training")
    REFERRAL = "referral", _("Job referral")
    HARDSHIP = "hardship", _("Hardship aid")
    REEMPLOYED = "reemployed", _("Re-employed")


class RelocatedWorker(PersonalData, ScopedModel):
    """One worker relocated out of a coal or steel employer, on the register once city-wide.

    The responsible union is the one covering the former employer, else the federation
    answering for the area (`orgs.selectors.area_federations`); `services.resolve_union`
    decides. `first_served_on` is the date of the earliest service record, kept by
    `services.service_add`, so "served by a day" is one indexed filter.
    """

    url_kwarg = "relocated_id"

    name = models.CharField(_("full name"), max_length=40)
    id_cipher = models.BinaryField(_("ID number (encrypted)"))
    id_blind = CodeField(_("ID number index"), max_length=64, unique=True)
    mobile_cipher = models.BinaryField(_("mobile (encrypted)"), null=True, blank=True)
    industry = models.CharField(_("industry"), max_length=8, choices=Industry.choices)
    employer_name = models.CharField(_("former employer"), max_length=120)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("registered employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT)
    union = models.ForeignKey(
        Union,
        verbose_name=_("responsible union"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (union, status, id) index serves every lookup by union
    )
    relocated_on = models.DateField(_("relocated on"))
    registered_on = models.DateField(_("registered on"))
    first_served_on = models.DateField(_("first served on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    # When the worker left the register: as-of figures count them until that day.
    left_on = models.DateField(_("left the register on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("relocated worker")
        verbose_name_plural = _("relocated workers")
        indexes = [
            models.Index(fields=["union", "status", "id"], name="relocated_union_status"),
            models.Index(fields=["first_served_on"], name="relocated_first_served"),
            models.Index(fields=["registered_on"], name="relocated_registered"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        # Through the union index even for a wide scope: a few tens of thousands of workers
        # city-wide, so a subtree's rows are gathered and sorted faster than the table is read
        # newest first (a street's first page on PostgreSQL: 11 ms instead of 40-50 ms, a
        # full scan; see docs/benchmarks.md, "Service lists and the relocation import").
        return in_subtree(scope.for_counting(), "union")

    @property
    def is_served(self) -> bool:
        return self.first_served_on is not None


class ServiceRecord(ScopedModel):
    """One service given to a relocated worker, seen with the worker."""

    worker = models.ForeignKey(
        RelocatedWorker,
        verbose_name=_("relocated worker"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    kind = models.CharField(_("service"), max_length=16, choices=ServiceKind.choices)
    served_on = models.DateField(_("date"))
    provider = models.CharField(_("provider or note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]

    def __str__(self) -> str:
        return f"{self.worker}: {self.get_kind_display()} {self.served_on:%Y-%m-%d}"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        workers = RelocatedWorker.objects.filter(RelocatedWorker.scope_filter(scope))
        return models.Q(worker__in=workers.values("pk"))
