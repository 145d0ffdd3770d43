"""Legal aid (法律援助): posts with their lawyers and duty slots, workers' bookings and the
consultations held, labour disputes taken from mediation to arbitration and the courts
(调-裁-诉), and `Service`, one row per consultation or dispute for the KPI count."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.cases.models import Case
from gonghui.core.scope import Scope, ScopedModel
from gonghui.legalaid.clock import Clock
from gonghui.legalaid.outcomes import Result, Stage, label_of
from gonghui.orgs.models import Union, in_subtree


class Topic(models.TextChoices):
    """What a consultation is about, and what a dispute claims."""

    WAGES = "wages", _("Wages owed")
    DISMISSAL = "dismissal", _("Dismissal")
    SOCIAL_INSURANCE = "insurance", _("Social insurance")
    INJURY = "injury", _("Work injury")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def in_service_on(day: dt.date, prefix: str = "") -> models.Q:
    """Posts in service on `day`: opened by then and not closed on or before it."""
    return models.Q(**{f"{prefix}opened_on__lte": day}) & (
        models.Q(**{f"{prefix}closed_on__isnull": True})
        | models.Q(**{f"{prefix}closed_on__gt": day})
    )


class Post(ScopedModel):
    """A legal-aid post (法律援助爱心岗), run by one union."""

    url_kwarg = "post_id"

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="legal_posts"
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal-aid post")
        verbose_name_plural = _("legal-aid posts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")

    def in_service(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


class _OfPost(ScopedModel):
    """A record of a post: seen by whoever sees the post."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT)

    class Meta:
        abstract = True

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "post__union")


class Lawyer(_OfPost):
    """A lawyer on duty at a post; removed ones stay for the bookings they served."""

    url_kwarg = "lawyer_id"

    name = models.CharField(_("name"), max_length=60)
    firm = models.CharField(_("law firm"), max_length=120)
    licence_number = models.CharField(_("licence number"), max_length=40)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("lawyer")
        verbose_name_plural = _("lawyers")
        ordering = ["name", "id"]
        default_related_name = "lawyers"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "licence_number"],
                condition=models.Q(active=True),
                name="one_active_lawyer_per_licence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"


class DutySlot(_OfPost):
    """A weekly time when a lawyer is on duty at a post, for up to `capacity` bookings."""

    url_kwarg = "slot_id"

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    lawyer = models.ForeignKey(Lawyer, verbose_name=_("lawyer"), on_delete=models.PROTECT)
    capacity = models.PositiveSmallIntegerField(_("places"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("duty slot")
        verbose_name_plural = _("duty slots")
        ordering = ["weekday", "starts_at", "id"]
        default_related_name = "slots"

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Booking(_OfPost):
    """A worker's booked consultation at a post, on a day, in one of its duty slots."""

    url_kwarg = "booking_id"

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(DutySlot, verbose_name=_("duty slot"), on_delete=models.PROTECT)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("worker"), on_delete=models.PROTECT
    )
    on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    note = models.CharField(_("what happened, in a few words"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["on", "slot__starts_at", "id"]
        default_related_name = "bookings"
        indexes = [models.Index(fields=["post", "on"], name="booking_post_day")]
        constraints = [
            # The guarantee under races behind "one booking a day" (services check it first).
            models.UniqueConstraint(
                fields=["worker", "on"],
                condition=~models.Q(status="cancelled"),
                name="one_booking_per_worker_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.on:%Y-%m-%d} {self.slot}"

    @property
    def worker_name(self) -> str:
        return self.worker.first_name


class Consultation(models.Model):
    """What a lawyer advised at an attended booking (reached through its booking)."""

    class Outcome(models.TextChoices):
        ADVISED = "advised", _("Advised")
        REFERRED = "referred", _("Referred elsewhere")
        CASE = "case", _("Became a dispute case")

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="consultation")
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    advice = models.TextField(_("advice given"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    referred_to = models.CharField(_("referred to"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.booking} · {self.get_topic_display()}"


class Dispute(ScopedModel):
    """A labour dispute (劳动争议) handled as a `dispute` case; the case is its workflow.

    The stage dates (`arbitration_on`, `litigation_on`, `closed_on`) are the hand-offs' and the
    closing's, kept here so a past day's caseload is counted from the record alone.
    """

    url_kwarg = "dispute_id"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="dispute")
    union = models.ForeignKey(Union, verbose_name=_("union"), on_delete=models.PROTECT)
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT)
    consultation = models.OneToOneField(
        Consultation, null=True, blank=True, on_delete=models.PROTECT, related_name="dispute"
    )
    claimant_name = models.CharField(_("worker"), max_length=60)
    employer_name = models.CharField(_("employer"), max_length=120)
    claim = models.CharField(_("claim"), max_length=12, choices=Topic.choices)
    amount_claimed = models.PositiveIntegerField(_("amount claimed (yuan)"), null=True, blank=True)
    arose_on = models.DateField(_("dispute arose on"))
    # The arbitration clock runs from here: the day the dispute arose, or its last interruption.
    clock_from = models.DateField(_("time limit counted from"))
    arbitration_deadline = models.DateField(_("last day to apply for arbitration"))
    opened_on = models.DateField(_("case opened on"))
    arbitration_on = models.DateField(_("applied for arbitration on"), null=True, blank=True)
    litigation_on = models.DateField(_("sued on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)

    class Meta:
        verbose_name = _("labour dispute")
        verbose_name_plural = _("labour disputes")
        ordering = ["-opened_on", "-id"]
        indexes = [
            # The warning list reads disputes not yet at arbitration by their deadline.
            models.Index(
                fields=["arbitration_deadline"],
                condition=models.Q(arbitration_on__isnull=True, closed_on__isnull=True),
                name="dispute_clock_running",
            )
        ]

    def __str__(self) -> str:
        return self.case.title

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")

    @property
    def clock_running(self) -> bool:
        return self.arbitration_on is None and self.closed_on is None

    def clock(self, today: dt.date | None = None) -> Clock:
        return Clock(self.arbitration_deadline, today or timezone.localdate())

    @property
    def clock_today(self) -> Clock:
        return self.clock()


class _OfDispute(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Handoff(_OfDispute):
    """The dispute handed to the next body: the arbitration committee or a court, with 案号."""

    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    handed_on = models.DateField(_("date"))
    body = models.CharField(_("receiving body"), max_length=120)
    reference = models.CharField(_("reference number"), max_length=60)

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["handed_on", "id"]
        default_related_name = "handoffs"
        constraints = [
            models.UniqueConstraint(fields=["dispute", "stage"], name="one_handoff_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.reference}"


class StageOutcome(_OfDispute):
    """How one stage of a dispute ended (调解协议, 裁决, 判决 …)."""

    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    outcome = models.CharField(_("outcome"), max_length=16)
    decided_on = models.DateField(_("decided on"))
    amount = models.PositiveIntegerField(
        _("amount agreed or awarded (yuan)"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage outcome")
        verbose_name_plural = _("stage outcomes")
        ordering = ["decided_on", "id"]
        default_related_name = "outcomes"
        constraints = [
            models.UniqueConstraint(fields=["dispute", "stage"], name="one_outcome_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.outcome_label}"

    @property
    def outcome_label(self) -> str:
        return label_of(self.stage, self.outcome)


class Interruption(_OfDispute):
    """An event that interrupts the arbitration time limit (时效中断, 第27条第2款): the
    one-year period starts again from its date."""

    class Reason(models.TextChoices):
        CLAIMED = "claimed", _("The worker claimed the right from the employer")
        RELIEF = "relief", _("The worker asked an authority for relief")
        AGREED = "agreed", _("The employer agreed to perform")

    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("interruption")
        verbose_name_plural = _("interruptions")
        ordering = ["on", "id"]
        default_related_name = "interruptions"

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_reason_display()}"


class Service(ScopedModel):
    """One legal-aid service: a consultation or a dispute (a database view over both, created
    in migration 0002), so `legal_cases` counts them together in one grouped query."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        DISPUTE = "dispute", _("Labour dispute")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    union = models.ForeignKey(Union, on_delete=models.DO_NOTHING, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    arbitration_on = models.DateField(null=True)
    litigation_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)
    result = models.CharField(max_length=12, choices=Result.choices)

    class Meta:
        managed = False
        db_table = "legalaid_service"
        verbose_name = _("legal-aid service")
        verbose_name_plural = _("legal-aid services")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")
