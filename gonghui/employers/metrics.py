"""The employer figures of the plan (domain.md §3): 建会率, 职代会建制率, 集体协商建制率, and
the headcounts 入会率 divides by."""

from __future__ import annotations

import datetime as dt

from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from gonghui.employers.models import (
    NON_PUBLIC_OWNERSHIP,
    PUBLIC_OWNERSHIP,
    CollectiveContract,
    Employer,
)
from gonghui.kpi.registry import Column, Metric, Source, Tally, Unit, register, watch


def _covered_on(day: dt.date) -> Q:
    """Covered by a union on `day` (an unknown coverage date counts as always)."""
    return Q(union__isnull=False) & (Q(unionised_on__isnull=True) | Q(unionised_on__lte=day))


def _congress_on(day: dt.date) -> Q:
    return Q(congress_since__lte=day)


def _contract_in_force_on(day: dt.date) -> Q:
    in_force = CollectiveContract.objects.filter(
        employer=OuterRef("pk"), signed_on__lte=day, expires_on__gte=day
    )
    return _covered_on(day) & Q(Exists(in_force))


EMPLOYERS = Source(
    key="employers",
    model=Employer,
    label=_("employers"),
    union_field="union",
    area_field="area",
    existed_on=lambda day: Q(registered_on__isnull=True) | Q(registered_on__lte=day),
    # Before it was covered, an employer belonged to its street's federation.
    union_on=lambda day: Case(
        When(unionised_on__gt=day, then=Value(None)),
        default=F("union"),
        output_field=BigIntegerField(),
    ),
    moved_after=lambda day: Employer.objects.filter(unionised_on__gt=day).exists(),
    columns=(
        Column(_("name"), lambda e: e.name),
        Column(_("unified social credit code"), lambda e: e.credit_code),
        Column(_("ownership"), lambda e: e.get_ownership_display()),
        Column(_("headcount"), lambda e: e.headcount),
        Column(_("area"), lambda e: e.area.name),
        Column(_("covering union"), lambda e: e.union.name if e.union else ""),
    ),
    related=("area", "union"),
    detail_url="employers:detail",
)

EMPLOYERS_ALL = Tally("employers", EMPLOYERS)
EMPLOYERS_COVERED = Tally("employers_covered", EMPLOYERS, _covered_on)
PUBLIC = Tally("public_employers", EMPLOYERS, lambda day: Q(ownership__in=PUBLIC_OWNERSHIP))
PUBLIC_CONGRESS = Tally(
    "public_employers_congress",
    EMPLOYERS,
    lambda day: Q(ownership__in=PUBLIC_OWNERSHIP) & _congress_on(day),
)
LARGE_PRIVATE = Q(ownership__in=NON_PUBLIC_OWNERSHIP, headcount__gte=100)
PRIVATE_100 = Tally("private_100_employers", EMPLOYERS, lambda day: LARGE_PRIVATE)
PRIVATE_100_CONGRESS = Tally(
    "private_100_employers_congress", EMPLOYERS, lambda day: LARGE_PRIVATE & _congress_on(day)
)
COVERED_WITH_CONTRACT = Tally("employers_contract", EMPLOYERS, _contract_in_force_on)
HEADCOUNT = Tally("headcount", EMPLOYERS, weight="headcount")
HEADCOUNT_COVERED = Tally("headcount_covered", EMPLOYERS, _covered_on, weight="headcount")

register(
    Metric(
        "union_coverage",
        _("Employers with a union (法人单位建会率)"),
        Unit.PERCENT,
        EMPLOYERS_COVERED,
        EMPLOYERS_ALL,
        _("Employers covered by a union, their own or a joint one, of all employers."),
        order=10,
    ),
    Metric(
        "congress_soe",
        _("Workers' congress, state-owned and state-controlled (职代会建制率)"),
        Unit.PERCENT,
        PUBLIC_CONGRESS,
        PUBLIC,
        _("State-owned and state-controlled employers with a workers' congress in force."),
        order=20,
    ),
    Metric(
        "congress_private_100",
        _("Workers' congress, non-public with 100+ workers (职代会建制率)"),
        Unit.PERCENT,
        PRIVATE_100_CONGRESS,
        PRIVATE_100,
        _("Non-public employers with 100 or more workers and a workers' congress in force."),
        order=30,
    ),
    Metric(
        "collective_contract",
        _("Collective contracts (集体协商建制率)"),
        Unit.PERCENT,
        COVERED_WITH_CONTRACT,
        EMPLOYERS_COVERED,
        _("Unionised employers with a collective contract in force (signed, not expired)."),
        order=40,
    ),
)


def _contract_homes(contract: CollectiveContract) -> list[tuple[int | None, str]]:
    """A contract moves the figures of its employer's home."""
    employer = Employer.objects.filter(pk=contract.employer_id).values_list("union", "area")
    return [(union, "") if union else (None, area) for union, area in employer]


watch(CollectiveContract, _contract_homes)
