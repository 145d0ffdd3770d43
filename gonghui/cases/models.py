"""Cases: one piece of work moving through its type's workflow, with its timeline and files."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.cases.workflow import Workflow, workflow_of
from gonghui.core.scope import Scope, ScopedModel
from gonghui.orgs.models import Union, ancestor_paths, in_subtree


class Case(ScopedModel):
    """A case of a declared type (`type` names its Workflow), held by one union.

    The person it concerns is `applicant`, a User: workers will sign in as Users, and a foreign
    key keeps the engine free of the domains (a Member is the members app's business; a domain
    keeps such references in `data`).
    """

    url_kwarg = "case_id"

    type = models.CharField(_("case type"), max_length=40)
    state = models.CharField(_("state"), max_length=40)
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=200)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_applied",
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Whole hours from opening to closing, set when the case closes: how long the service took
    # (a metric sums them; a duration column would not sum alike on SQLite and PostgreSQL).
    hours_open = models.PositiveIntegerField(_("hours open"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["union", "type", "state"], name="case_union_type_state"),
            # The overdue lists read open cases by deadline.
            models.Index(
                fields=["due_at"], condition=models.Q(closed_at__isnull=True), name="case_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "union")

    @property
    def workflow(self) -> Workflow:
        return workflow_of(self.type)

    @property
    def state_label(self) -> str:
        return str(self.workflow.state(self.state).label)

    @property
    def is_overdue(self) -> bool:
        return self.closed_at is None and self.due_at is not None and self.due_at < timezone.now()

    @cached_property
    def line(self) -> list[Union]:
        """The case's union and every node above it, root first (one query)."""
        paths = ancestor_paths(self.union.path)
        return list(Union.objects.filter(path__in=paths).order_by("path"))


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when, from which state to which."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        TRANSITION = "transition", _("Step taken")
        COMMENT = "comment", _("Comment")
        ATTACHMENT = "attachment", _("Attachment")
        REFUSAL = "refusal", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    transition = models.CharField(_("step"), max_length=40, blank=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    attachment = models.ForeignKey(
        "Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def transition_label(self) -> str:
        step = self.case.workflow.transition(self.transition)
        return str(step.label) if step else self.transition

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._label(self.to_state)

    def _label(self, state: str) -> str:
        known = {step.key: step.label for step in self.case.workflow.states}
        return str(known.get(state, state))


class Attachment(ScopedModel):
    """Evidence filed with a case; its content type is what its bytes are, not its name.

    Seen by whoever sees its case (a download URL names both: `/cases/<case_id>/files/
    <attachment_id>/`, the file fetched within the case)."""

    url_kwarg = "attachment_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        return in_subtree(scope, "case__union")


class Notification(models.Model):
    """A message to one user who must act on a case; read by that user only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message
