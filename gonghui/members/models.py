"""Real-name members (实名制会员) and their membership transfers (会籍接转)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeField
from gonghui.core.personal import PersonalData
from gonghui.core.scope import Scope, ScopedModel
from gonghui.employers.models import Employer
from gonghui.orgs.models import Union, in_subtree


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    TRANSFERRED = "transferred", _("Transferred out")
    RETIRED = "retired", _("Retired")
    LEFT = "left", _("Left")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Member(PersonalData, ScopedModel):
    """One membership of one person. A person has at most one active membership city-wide.

    The ID number and mobile are stored encrypted (`*_cipher`) with a keyed blind index
    (`*_blind`) for exact lookup; gender and birth date are derived from the ID at write time.
    Screens show `masked_id_number` / `masked_mobile` unless the user may unmask (audited).
    """

    url_kwarg = "member_id"

    name = models.CharField(_("full name"), max_length=40)
    # Pinyin initials of the name (张三 → zs) for search; see members/pinyin.py.
    name_initials = CodeField(_("name initials"), max_length=40)
    id_cipher = models.BinaryField(_("ID number (encrypted)"))
    id_blind = CodeField(_("ID number index"), max_length=64)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    mobile_cipher = models.BinaryField(_("mobile (encrypted)"), null=True, blank=True)
    mobile_blind = CodeField(_("mobile index"), max_length=64, blank=True)
    mobile_last4 = CodeField(_("mobile last four digits"), max_length=4, blank=True)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    union = models.ForeignKey(
        Union,
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,  # the (union, status, id) index below serves every lookup by union
    )
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    # When an active membership ended (retired, left, moved out): as-of figures need it.
    left_on = models.DateField(_("membership ended on"), null=True, blank=True)
    is_migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    consent_on = models.DateField(_("consent to personal data recorded on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        permissions = [
            ("unmask_personal_data", _("Can see full ID numbers and mobiles")),
            ("erase_person", _("Can erase a person's personal data (PIPL)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_blind"],
                condition=models.Q(status="active"),
                name="one_active_membership_per_person",
            )
        ]
        indexes = [
            # A grassroots union's list: equality on both, read in id order from the index.
            models.Index(fields=["union", "status", "id"], name="member_union_status"),
            # A search lists matches in name order: these indexes serve range and order at once.
            models.Index(fields=["name", "id"], name="member_name"),
            models.Index(fields=["name_initials", "id"], name="member_initials"),
            models.Index(fields=["mobile_last4"], name="member_mobile_last4"),
            # Exact lookups through the blind index (declared here, not with db_index, so that
            # PostgreSQL gets no unused pattern-matching twin).
            models.Index(fields=["id_blind"], name="member_id_blind"),
            models.Index(fields=["mobile_blind"], name="member_mobile_blind"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")


class Transfer(ScopedModel):
    """One step of a membership transfer (会籍接转): from one union to another, never twice."""

    url_kwarg = "transfer_id"

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_union = models.ForeignKey(
        Union, verbose_name=_("from union"), on_delete=models.PROTECT, related_name="+"
    )
    to_union = models.ForeignKey(
        Union, verbose_name=_("to union"), on_delete=models.PROTECT, related_name="+"
    )
    from_employer = models.ForeignKey(
        Employer,
        verbose_name=_("from employer"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_employer = models.ForeignKey(
        Employer,
        verbose_name=_("to employer"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_on = models.DateField(_("transferred on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["-transferred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_union} → {self.to_union}"

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        # Both ends of a transfer see it in the member's history.
        subtree = Union.objects.filter(scope.union_q("path")).values("pk")
        return models.Q(from_union__in=subtree) | models.Q(to_union__in=subtree)
