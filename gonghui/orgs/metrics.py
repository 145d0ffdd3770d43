"""The "六有" figure of the plan: grassroots unions that meet all six items (domain.md §3)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.kpi.registry import Column, Metric, Source, Tally, Unit, register, watch
from gonghui.orgs.models import SixHaves, SixHavesAssessment, Union

UNIONS = Source(
    key="unions",
    model=Union,
    label=_("unions"),
    union_field="id",
    existed_on=lambda day: Q(founded_on__isnull=True) | Q(founded_on__lte=day),
    columns=(
        Column(_("name"), lambda u: u.name),
        Column(_("kind"), lambda u: u.get_kind_display()),
        Column(_("founded on"), lambda u: u.founded_on or ""),
    ),
    detail_url="orgs:detail",
)


def _meets_six_haves_on(day: dt.date) -> Q:
    """All six items assessed as met by `day`. Correlated with each union: a recount of one
    node after an edit reads that union's six rows, not all the city's (1 ms instead of 60)."""
    met = (
        SixHavesAssessment.objects.filter(union=OuterRef("pk"), met=True, assessed_on__lte=day)
        .values("union")
        .annotate(items=Count("item", distinct=True))
        .filter(items=len(SixHaves))
    )
    return Q(kind__in=Union.GRASSROOTS_KINDS) & Q(Exists(met))


GRASSROOTS = Tally("grassroots_unions", UNIONS, lambda day: Q(kind__in=Union.GRASSROOTS_KINDS))
SIX_HAVES = Tally("grassroots_six_haves", UNIONS, _meets_six_haves_on)

register(
    Metric(
        "six_haves",
        _('"Six haves" workers\' homes (六有职工之家)'),
        Unit.PERCENT,
        SIX_HAVES,
        GRASSROOTS,
        _("Grassroots unions meeting all six items, each assessed as met with a date."),
        order=50,
    ),
)
watch(SixHavesAssessment, lambda assessment: [(assessment.union_id, "")])
