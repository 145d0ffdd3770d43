"""Membership figures: active members and 入会率 (domain.md §3)."""

from __future__ import annotations

import datetime as dt

from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.employers.metrics import HEADCOUNT, HEADCOUNT_COVERED
from gonghui.kpi.registry import Column, Metric, Source, Tally, Unit, register
from gonghui.members.models import Member, Status, Transfer


def _member_on(day: dt.date) -> Q:
    """A member on `day`: joined by then, and still active or ended only later."""
    return Q(joined_on__lte=day) & (Q(status=Status.ACTIVE) | Q(left_on__gt=day))


def _union_on(day: dt.date) -> Coalesce:
    """The union a member belonged to on `day`: the first transfer after it says where from."""
    later = Transfer.objects.filter(member=OuterRef("pk"), transferred_on__gt=day)
    first_later = later.order_by("transferred_on", "id").values("from_union")[:1]
    return Coalesce(Subquery(first_later), F("union"), output_field=BigIntegerField())


MEMBERS = Source(
    key="members",
    model=Member,
    label=_("members"),
    union_field="union",
    existed_on=_member_on,
    union_on=_union_on,
    moved_after=lambda day: Transfer.objects.filter(transferred_on__gt=day).exists(),
    columns=(
        Column(_("full name"), lambda m: m.name),
        Column(_("ID number"), lambda m: m.masked_id_number),
        Column(_("union"), lambda m: m.union.name),
        Column(_("joined on"), lambda m: m.joined_on),
    ),
    related=("union",),
    detail_url="members:detail",
)

ACTIVE = Tally("members", MEMBERS)

register(
    Metric(
        "members",
        _("Members"),
        Unit.PEOPLE,
        ACTIVE,
        description=_("Active members (retired members keep membership but are not counted)."),
        order=60,
    ),
    Metric(
        "membership_rate",
        _("Membership rate (入会率)"),
        Unit.PERCENT,
        ACTIVE,
        HEADCOUNT,
        _("Members of the unions in scope, of the workers of all employers in scope."),
        alternatives={"unionised": HEADCOUNT_COVERED},
        order=70,
    ),
)
