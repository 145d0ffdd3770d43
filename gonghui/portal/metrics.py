"""Online membership applications (入会申请) opened by the day, at the union that decides."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.cases.models import Case
from gonghui.kpi.registry import Column, Metric, Source, Tally, Unit, register
from gonghui.portal.workflows import MEMBERSHIP


def _opened_by(day: dt.date) -> Q:
    return Q(type=MEMBERSHIP.key, opened_at__date__lte=day)


APPLICATIONS = Source(
    key="membership_applications",
    model=Case,
    label=_("membership applications"),
    union_field="union",
    existed_on=_opened_by,
    columns=(
        Column(_("title"), lambda case: case.title),
        Column(_("state"), lambda case: case.state_label),
        Column(_("opened at"), lambda case: case.opened_at),
    ),
    related=("union",),
    detail_url="cases:detail",
)

register(
    Metric(
        "membership_applications",
        _("Online membership applications"),
        Unit.ITEMS,
        Tally("membership_applications", APPLICATIONS),
        description=_("Applications to join the union made at the worker portal."),
        order=75,
    ),
)
