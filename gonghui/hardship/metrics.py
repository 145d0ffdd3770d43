"""Hardship figures: active files (困难职工档案), by tier, the aid paid and the households helped
in the year — each at the union holding the file, rolled up the tree."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.hardship.models import Assistance, Household
from gonghui.hardship.tiers import Tier
from gonghui.kpi.registry import Column, Metric, Source, Tally, Unit, register


def _approved_by(day: dt.date) -> Q:
    return Q(activated_on__lte=day)


def _active_on(day: dt.date) -> Q:
    """Approved by the day and not exited by it (the tier is the file's current one)."""
    return Q(exited_on__isnull=True) | Q(exited_on__gt=day)


def _paid_this_year(day: dt.date) -> Q:
    return Q(paid_on__year=day.year, paid_on__lte=day)


FILES = Source(
    key="hardship_files",
    model=Household,
    label=_("hardship files"),
    union_field="union",
    existed_on=_approved_by,
    columns=(
        Column(_("file number"), lambda h: h.number),
        Column(_("applicant"), lambda h: h.applicant_name),
        Column(_("ID number"), lambda h: h.masked_id_number),
        Column(_("tier"), lambda h: h.get_tier_display()),
        Column(_("holding union"), lambda h: h.union.name),
    ),
    related=("union",),
    detail_url="hardship:detail",
)
PAYMENTS = Source(
    key="hardship_assistance",
    model=Assistance,
    label=_("assistance paid"),
    union_field="union",
    existed_on=lambda day: Q(paid_on__lte=day),
    columns=(
        Column(_("paid on"), lambda a: a.paid_on),
        Column(_("kind"), lambda a: a.get_kind_display()),
        Column(_("amount (yuan)"), lambda a: a.amount),
        Column(_("file number"), lambda a: a.household.number),
        Column(_("paying union"), lambda a: a.paid_by.name),
    ),
    related=("household", "paid_by"),
)


def _tier(tier: str) -> Tally:
    return Tally(f"hardship_{tier}", FILES, lambda day: _active_on(day) & Q(tier=tier))


def _helped(day: dt.date) -> Q:
    paid = Assistance.objects.filter(_paid_this_year(day)).values("household")
    return Q(pk__in=paid)


register(
    Metric(
        "hardship_households",
        _("Households with an active hardship file"),
        Unit.ITEMS,
        Tally("hardship_active", FILES, _active_on),
        description=_(
            "Hardship files (一户一档) approved and not exited, at the union holding each file."
        ),
        order=110,
        details=(
            Metric("deep", Tier.DEEP.label, Unit.ITEMS, _tier(Tier.DEEP)),
            Metric("relative", Tier.RELATIVE.label, Unit.ITEMS, _tier(Tier.RELATIVE)),
            Metric("accident", Tier.ACCIDENT.label, Unit.ITEMS, _tier(Tier.ACCIDENT)),
            Metric(
                "paid",
                _("Assistance paid this year"),
                Unit.YUAN,
                Tally("hardship_paid", PAYMENTS, _paid_this_year, weight="amount"),
            ),
            Metric(
                "helped",
                _("Households helped this year"),
                Unit.ITEMS,
                Tally("hardship_helped", FILES, _helped),
            ),
        ),
    ),
)
