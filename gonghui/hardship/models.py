"""Hardship files (困难职工档案, 一户一档), their review, the aid paid and medical consents.

Personal data is kept as in the member registry: ID numbers and mobiles encrypted with a keyed
blind index; medical details encrypted. A person may appear in one open file city-wide: the
`HouseholdPerson` rows of open files carry a partial unique index on the blind index.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.cases.models import Case
from gonghui.core import crypto
from gonghui.core.scope import Scope, ScopedModel
from gonghui.hardship.tiers import Assessment, Cause, Tier
from gonghui.orgs.models import Union, in_subtree


class Status(models.TextChoices):
    APPLYING = "applying", _("Under review")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    EXITED = "exited", _("Exited")


# Files that hold their persons: one such file per person city-wide.
OPEN_STATUSES = (Status.APPLYING, Status.ACTIVE)


class ExitReason(models.TextChoices):
    RECOVERED = "recovered", _("Income recovered")
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other relative")


class Household(ScopedModel):
    """One household's file, held by a union (normally the applicant's grassroots union).

    Its figures (income, rigid expenses, size, cause) and the thresholds in force when they
    were assessed give its tier (`tiers.assess`); the tier is fixed when the district approves
    and recomputed at each yearly re-verification.
    """

    url_kwarg = "household_id"

    number = models.CharField(_("file number"), max_length=20, blank=True)
    union = models.ForeignKey(
        Union, verbose_name=_("holding union"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField(_("applicant"), max_length=40)
    applicant_id_cipher = models.BinaryField(_("ID number (encrypted)"))
    applicant_id_blind = models.CharField(_("ID number index"), max_length=64)
    applicant_mobile_cipher = models.BinaryField(_("mobile (encrypted)"))
    income = models.PositiveIntegerField(_("yearly household income (yuan)"))
    expenses = models.PositiveIntegerField(_("yearly rigid expenses (yuan)"))
    size = models.PositiveSmallIntegerField(_("household size"), default=1)
    cause = models.CharField(_("cause of hardship"), max_length=14, choices=Cause.choices)
    relocated = models.BooleanField(_("relocated from coal or steel (转岗分流)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLYING
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    # The thresholds the tier was assessed under (a city may change them later).
    minimum_living = models.PositiveIntegerField(_("minimum living standard (yuan a month)"))
    accident_share = models.DecimalField(_("accident share"), max_digits=4, decimal_places=3)
    case = models.OneToOneField(
        Case,
        verbose_name=_("review case"),
        null=True,
        on_delete=models.PROTECT,
        related_name="household",
    )
    activated_on = models.DateField(_("approved on"), null=True, blank=True)
    reverified_on = models.DateField(_("re-verified on"), null=True, blank=True)
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("exit reason"), max_length=10, choices=ExitReason.choices, blank=True
    )
    exit_note = models.CharField(_("exit note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="hardship_file_number"
            )
        ]
        indexes = [
            models.Index(fields=["union", "status", "id"], name="household_union_status"),
            models.Index(fields=["applicant_id_blind"], name="household_applicant_blind"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        # Through the union index even for a wide scope: a few tens of thousands of files
        # city-wide, so a subtree's rows are gathered and sorted faster than the table is read
        # newest first (a street's first page on PostgreSQL: 11 ms instead of 40-50 ms, a
        # full scan; see docs/benchmarks.md, "Service lists and the relocation import").
        return in_subtree(scope.for_counting(), "union")

    @property
    def applicant_id_number(self) -> str:
        return crypto.decrypt(self.applicant_id_cipher)

    @property
    def applicant_mobile(self) -> str:
        return crypto.decrypt(self.applicant_mobile_cipher)

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.applicant_id_number)

    @property
    def masked_mobile(self) -> str:
        return crypto.mask_mobile(self.applicant_mobile)

    @property
    def assessment(self) -> Assessment:
        """The figures that decided the tier, as assessed."""
        return Assessment(
            self.income,
            self.expenses,
            self.size,
            self.cause,
            self.minimum_living,
            self.accident_share,
            self.tier or None,
        )


class HouseholdMember(models.Model):
    """A person of the household besides the applicant."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("full name"), max_length=40)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    id_cipher = models.BinaryField(_("ID number (encrypted)"))
    id_blind = models.CharField(_("ID number index"), max_length=64)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_cipher)

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number)


class HouseholdPerson(models.Model):
    """Every person of a file (applicant and members) by blind index: the city-wide guarantee.

    `open` follows the file's status (applying or active); the partial unique index lets a
    person be in one open file only, even when two cadres register the same person at once.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="persons")
    id_blind = models.CharField(max_length=64)
    open = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("person of a hardship file")
        verbose_name_plural = _("persons of hardship files")
        constraints = [
            models.UniqueConstraint(
                fields=["id_blind"], condition=models.Q(open=True), name="one_open_file_per_person"
            )
        ]
        indexes = [models.Index(fields=["id_blind"], name="hardship_person_blind")]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.id_blind[:8]}"


class Kind(models.TextChoices):
    LIVING = "living", _("Living assistance (生活救助)")
    MEDICAL = "medical", _("Medical assistance (医疗救助)")
    STUDENT = "student", _("Student aid (金秋助学)")
    FESTIVE = "festive", _("Festive visit (送温暖)")


class Assistance(ScopedModel):
    """Aid paid to an active file. `union` is the file's holding union (where the aid counts
    and who sees it); `paid_by` is the union that paid, on the file's line up the tree."""

    url_kwarg = "assistance_id"

    household = models.ForeignKey(
        Household,
        verbose_name=_("hardship file"),
        on_delete=models.PROTECT,
        related_name="assistance",
    )
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    paid_by = models.ForeignKey(
        Union, verbose_name=_("paying union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.PositiveIntegerField(_("amount (yuan)"))
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    student_name = models.CharField(_("student"), max_length=40, blank=True)
    school = models.CharField(_("school"), max_length=80, blank=True)
    medical_cipher = models.BinaryField(_("medical details (encrypted)"), null=True, blank=True)
    consent = models.ForeignKey(
        "MedicalConsent",
        verbose_name=_("consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["-paid_on", "-id"]
        indexes = [models.Index(fields=["union", "paid_on"], name="assistance_union_paid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")

    @property
    def has_medical_details(self) -> bool:
        return bool(self.medical_cipher)

    @property
    def medical_details(self) -> str:
        return crypto.decrypt(self.medical_cipher) if self.medical_cipher else ""


class MedicalConsent(models.Model):
    """The separate consent (单独同意, PIPL Art. 29) to keep a household's medical details."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    consented_by = models.CharField(_("consented by"), max_length=40)
    consented_on = models.DateField(_("consented on"))
    scope = models.CharField(_("what was consented to"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("medical consent")
        verbose_name_plural = _("medical consents")
        ordering = ["-consented_on", "-id"]

    def __str__(self) -> str:
        return f"{self.consented_by} {self.consented_on}"
