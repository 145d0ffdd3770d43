"""Legal-aid figures: posts in service (法律援助爱心岗, the plan's target 20) and legal-aid
services of the year — consultations held plus labour disputes opened — with the disputes'
caseload by stage on the day and how the year's closed ones ended."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.kpi.registry import (
    Column,
    DayFilter,
    Metric,
    Source,
    Tally,
    Unit,
    register,
    watch,
)
from gonghui.legalaid.models import Consultation, Dispute, Post, Service, in_service_on
from gonghui.legalaid.outcomes import Result

POSTS = Source(
    key="legal_aid_posts",
    model=Post,
    label=_("legal-aid posts"),
    union_field="union",
    existed_on=in_service_on,
    columns=(
        Column(_("name"), lambda post: post.name),
        Column(_("union"), lambda post: post.union.name),
        Column(_("address"), lambda post: post.address),
        Column(_("opened on"), lambda post: post.opened_on),
    ),
    related=("union",),
    detail_url="legalaid:post",
)


def _opened_by(day: dt.date) -> Q:
    return Q(opened_on__lte=day)


def _this_year(day: dt.date) -> Q:
    return Q(opened_on__gte=dt.date(day.year, 1, 1))


def _consultations(day: dt.date) -> Q:
    return _this_year(day) & Q(kind=Service.Kind.CONSULTATION)


def _disputes(day: dt.date) -> Q:
    return _this_year(day) & Q(kind=Service.Kind.DISPUTE)


def _open_on(day: dt.date) -> Q:
    return Q(kind=Service.Kind.DISPUTE) & _not_yet("closed_on", day)


def _not_yet(field: str, day: dt.date) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})


def _in_mediation(day: dt.date) -> Q:
    return _open_on(day) & _not_yet("arbitration_on", day)


def _in_arbitration(day: dt.date) -> Q:
    return _open_on(day) & Q(arbitration_on__lte=day) & _not_yet("litigation_on", day)


def _in_litigation(day: dt.date) -> Q:
    return _open_on(day) & Q(litigation_on__lte=day)


def _closed(*results: str) -> DayFilter:
    """Disputes closed in the year by the day, ending in one of `results`."""

    def where(day: dt.date) -> Q:
        closed = Q(closed_on__gte=dt.date(day.year, 1, 1), closed_on__lte=day)
        return Q(kind=Service.Kind.DISPUTE) & closed & Q(result__in=results)

    return where


SERVICES = Source(
    key="legal_services",
    model=Service,
    label=_("legal-aid services"),
    union_field="union",
    existed_on=_opened_by,
    columns=(
        Column(_("kind"), lambda service: service.get_kind_display()),
        Column(_("title"), lambda service: service.title),
        Column(_("opened on"), lambda service: service.opened_on),
    ),
)
# The view has no change signals of its own: its rows change with these.
watch(Consultation, lambda consultation: [(consultation.union_id, "")])
watch(Dispute, lambda dispute: [(dispute.union_id, "")])

register(
    Metric(
        "legal_aid_posts",
        _("Legal-aid posts"),
        Unit.ITEMS,
        Tally("legal_aid_posts", POSTS),
        description=_("Legal-aid posts (法律援助爱心岗) in service on the day."),
        order=110,
    ),
    Metric(
        "legal_cases",
        _("Legal-aid services"),
        Unit.ITEMS,
        Tally("legal_services", SERVICES, _this_year),
        description=_("Consultations held and labour disputes opened in the year."),
        order=111,
        details=(
            Metric("consultations", _("Consultations"), Unit.ITEMS,
                   Tally("legal_consultations", SERVICES, _consultations)),
            Metric("disputes", _("Disputes opened"), Unit.ITEMS,
                   Tally("legal_disputes", SERVICES, _disputes)),
            Metric("mediation", _("In mediation"), Unit.ITEMS,
                   Tally("legal_in_mediation", SERVICES, _in_mediation)),
            Metric("arbitration", _("In arbitration"), Unit.ITEMS,
                   Tally("legal_in_arbitration", SERVICES, _in_arbitration)),
            Metric("litigation", _("In litigation"), Unit.ITEMS,
                   Tally("legal_in_litigation", SERVICES, _in_litigation)),
            Metric("mediated", _("Closed by agreement in mediation"), Unit.ITEMS,
                   Tally("legal_mediated", SERVICES, _closed(Result.MEDIATED))),
            Metric("for_worker", _("Closed for the worker"), Unit.ITEMS,
                   Tally("legal_for_worker", SERVICES, _closed(Result.FOR_WORKER))),
            Metric("not_for_worker", _("Closed against the worker or withdrawn"), Unit.ITEMS,
                   Tally("legal_not_for_worker", SERVICES,
                         _closed(Result.AGAINST, Result.WITHDRAWN))),
        ),
    ),
)  # fmt: skip
