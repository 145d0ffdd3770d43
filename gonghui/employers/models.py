"""Employers (法人单位), their workers' congress and their collective contracts."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeField
from gonghui.core.scope import Scope, ScopedModel
from gonghui.orgs.models import Area, Union, in_subtree


class Ownership(models.TextChoices):
    """经济类型 (domain.md §1)."""

    STATE = "state", _("State-owned")
    STATE_CONTROLLED = "state_ctrl", _("State-controlled")
    COLLECTIVE = "collective", _("Collective")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    HK_MACAO_TAIWAN = "hmt", _("Hong Kong, Macao or Taiwan invested")
    OTHER = "other", _("Other")


PUBLIC_OWNERSHIP = (Ownership.STATE, Ownership.STATE_CONTROLLED)
NON_PUBLIC_OWNERSHIP = (
    Ownership.PRIVATE,
    Ownership.FOREIGN,
    Ownership.HK_MACAO_TAIWAN,
    Ownership.OTHER,
)


class Industry(models.TextChoices):
    """The sections of GB/T 4754-2017 (国民经济行业分类)."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail")
    G = "G", _("Transport, storage and post")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information technology services")  # noqa: E741 - the standard's letter
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Research and technical services")
    N = "N", _("Water, environment and public facilities")
    O = "O", _("Residential and other services")  # noqa: E741 - the standard's letter
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration and social organisations")
    T = "T", _("International organisations")


class Employer(ScopedModel):
    """A legal-person employer. Unionised when a union covers it, its own or a joint one."""

    url_kwarg = "employer_id"

    credit_code = CodeField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    ownership = models.CharField(_("ownership"), max_length=12, choices=Ownership.choices)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    headcount = models.PositiveIntegerField(_("headcount"))
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT)
    union = models.ForeignKey(
        Union,
        verbose_name=_("covering union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
    )
    congress_since = models.DateField(_("workers' congress in force since"), null=True, blank=True)
    # The dates an as-of figure needs (see kpi/): unknown dates count as "always".
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    unionised_on = models.DateField(_("covered by a union since"), null=True, blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        # Whether any coverage is dated after a day (kpi: a recount asks on every refresh).
        indexes = [models.Index(fields=["unionised_on"], name="employer_unionised_on")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        # Seen by the unions in the subtree that cover it, and by the federation of its
        # territory, which answers for organising the employers no union covers yet.
        return scope.area_q("area_id") | in_subtree(scope, "union")

    @property
    def is_unionised(self) -> bool:
        return self.union_id is not None


class CollectiveContract(ScopedModel):
    """A collective contract (集体合同); in force from signing until its expiry date."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General collective contract")
        WAGES = "wages", _("Special contract on wages")
        WOMEN = "women", _("Special contract for women workers")

    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="contracts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    signed_on = models.DateField(_("signed on"))
    expires_on = models.DateField(_("expires on"))
    document = models.FileField(_("signed document"), upload_to="contracts/%Y/", blank=True)

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("signed_on")),
                name="contract_expires_after_signing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.signed_on:%Y-%m-%d}–{self.expires_on:%Y-%m-%d}"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return models.Q(employer__in=Employer.objects.filter(Employer.scope_filter(scope)))

    def in_force_on(self, day: dt.date) -> bool:
        return self.signed_on <= day <= self.expires_on
