"""Relocated workers' service coverage (转岗分流职工纳入服务范围率; plan: 100%)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.kpi.registry import Column, Metric, Source, Tally, Unit, register
from gonghui.relocation.models import RelocatedWorker


def _on_register(day: dt.date) -> Q:
    """On the register on `day`: registered by then, not left before it."""
    return Q(registered_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


RELOCATED = Source(
    key="relocated",
    model=RelocatedWorker,
    label=_("relocated workers"),
    union_field="union",
    existed_on=_on_register,
    columns=(
        Column(_("full name"), lambda w: w.name),
        Column(_("ID number"), lambda w: w.masked_id_number),
        Column(_("responsible union"), lambda w: w.union.name),
        Column(_("first served on"), lambda w: w.first_served_on or "—"),
    ),
    related=("union",),
    detail_url="relocation:detail",
)

register(
    Metric(
        "transfer_worker_coverage",
        _("Relocated workers in service scope"),
        Unit.PERCENT,
        Tally("relocated_served", RELOCATED, lambda day: Q(first_served_on__lte=day)),
        Tally("relocated", RELOCATED),
        _(
            "Relocated coal and steel workers who received a service by the day, of those on "
            "the register that day."
        ),
        order=95,
    )
)
