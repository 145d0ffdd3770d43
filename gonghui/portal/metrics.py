"""Online membership applications (入会申请) opened by the day, at the union that decides; how
many were approved, how many wait, and how long an approval took on average."""

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


def _approved_by(day: dt.date) -> Q:
    return Q(state="approved", closed_at__date__lte=day)


def _waiting_on(day: dt.date) -> Q:
    return Q(closed_at__isnull=True) | Q(closed_at__date__gt=day)


APPROVED = Tally("membership_approved", APPLICATIONS, _approved_by)

register(
    Metric(
        "membership_applications",
        _("Online membership applications"),
        Unit.ITEMS,
        Tally("membership_applications", APPLICATIONS),
        description=_("Applications to join the union made at the worker portal."),
        order=75,
        details=(
            Metric("approved", _("Approved"), Unit.ITEMS, APPROVED),
            Metric(
                "waiting",
                _("Under review"),
                Unit.ITEMS,
                Tally("membership_waiting", APPLICATIONS, _waiting_on),
            ),
            Metric(
                "approval_time",
                _("Mean time to approve"),
                Unit.HOURS,
                Tally("membership_approval_hours", APPLICATIONS, _approved_by, weight="hours_open"),
                APPROVED,
            ),
        ),
    ),
)
