"""Kept tallies (today's, kept current; earlier days' as snapshots for trends) and work plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import Scope, ScopedModel
from gonghui.orgs.models import Union, ancestor_paths


class TallySet(models.Model):
    """The tallies of every node of the tree on one day.

    Today's set is kept current: a change to a record marks its node (`ChangeMark`) and the next
    read recounts only the marked nodes. Sets of past days stay as snapshots for trend lines.
    """

    day = models.DateField(_("day"), unique=True)
    # The tally keys, in the order of every row's lists (a new metric means a new set).
    keys = models.JSONField(_("tally keys"))
    computed_at = models.DateTimeField(_("computed at"))
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("tally set")
        verbose_name_plural = _("tally sets")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class NodeTally(models.Model):
    """One node's counts on one day: its own records and its whole subtree's."""

    tally_set = models.ForeignKey(TallySet, on_delete=models.CASCADE, related_name="rows")
    node = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="+")
    own = models.JSONField(_("own counts"))
    total = models.JSONField(_("subtree totals"))

    class Meta:
        verbose_name = _("node tally")
        verbose_name_plural = _("node tallies")
        constraints = [
            models.UniqueConstraint(fields=["tally_set", "node"], name="one_tally_per_node_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.tally_set} {self.node_id}"


class ChangeMark(models.Model):
    """Records of a node (or of an area, for records no union covers) changed since today's
    tallies were counted.

    No foreign keys: a mark may outlive its node. A mark with neither asks for a full recount
    (a bulk import, a change to the tree itself).
    """

    node_id = models.BigIntegerField(_("node"), null=True)
    area_code = models.CharField(_("area"), max_length=12, blank=True)
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change mark")
        verbose_name_plural = _("change marks")

    def __str__(self) -> str:
        return f"{self.node_id or self.area_code or '*'}"


class Plan(ScopedModel):
    """A yearly work plan (年度工作目标) of one node: a target per metric.

    Targets apply to the node's whole subtree, unless a node below has its own plan with a
    target for that metric.
    """

    url_kwarg = "plan_id"

    year = models.PositiveSmallIntegerField(_("year"))
    org = models.ForeignKey(Union, verbose_name=_("union"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["year", "org"], name="one_plan_per_year")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_filter(cls, scope: Scope) -> models.Q:
        # The plans that bind a node: its own, those above it (inherited) and those below.
        assert scope.union_path is not None
        return scope.union_q("org__path") | models.Q(org__path__in=ancestor_paths(scope.union_path))


class Target(models.Model):
    """One metric's target in a plan, in the metric's unit (a percentage or a count)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("metric"), max_length=40)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=1)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "metric"], name="one_target_per_metric")
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.value}"
