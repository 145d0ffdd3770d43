"""The electronic membership card: a signed, short-lived token in a QR code, and the cadres'
check of it.

The token carries only the member id, signed with the server key (`django.core.signing`,
its own salt) and timestamped: a screenshot stops working after `CARD_TTL`, a reload gives
a fresh one. Nothing else is in it, so a photographed code reveals nobody.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import segno
from django.core import signing
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe

from gonghui.core import audit
from gonghui.core.scope import visible_to
from gonghui.members.models import Member, Status

CARD_TTL = dt.timedelta(minutes=5)
_SALT = "gonghui.portal.card"


class Verdict(StrEnum):
    REFUSED = "refused"  # bad, tampered or expired token
    VALID = "valid"  # an active member in the cadre's scope
    NO_LONGER_VALID = "no_longer_valid"  # the member has since left (or moved on)
    VALID_ELSEWHERE = "valid_elsewhere"  # active, but outside the cadre's subtree: no name


@dataclass(frozen=True)
class CardCheck:
    verdict: Verdict
    member: Member | None = None  # only when in the cadre's scope


def card_token(member: Member) -> str:
    return signing.dumps({"m": member.pk}, salt=_SALT, compress=True)


def card_qr_svg(url: str) -> SafeString:
    """The QR code as inline SVG, drawn on the server (segno's own markup, no user text)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, svgclass="card-qr", title="QR")
    return mark_safe(svg)  # noqa: S308 - segno escapes the title; the rest is path data


def card_verify(*, actor: Any, token: str) -> CardCheck:
    """Check a scanned card for a cadre, and record the check."""
    try:
        member_id = signing.loads(token, salt=_SALT, max_age=CARD_TTL)["m"]
    except (signing.BadSignature, KeyError, TypeError):
        member_id = None
    check = _check(actor, member_id)
    with transaction.atomic():
        audit.record(actor=actor, action="member.card_verify", obj=check.member,
                     member_id=member_id, result=check.verdict.value)  # fmt: skip
    return check


def _check(actor: Any, member_id: object) -> CardCheck:
    if not isinstance(member_id, int):
        return CardCheck(Verdict.REFUSED)
    member = visible_to(Member, actor).select_related("union").filter(pk=member_id).first()
    if member is not None:
        active = member.status == Status.ACTIVE
        return CardCheck(Verdict.VALID if active else Verdict.NO_LONGER_VALID, member)
    if Member.objects.filter(pk=member_id, status=Status.ACTIVE).exists():
        return CardCheck(Verdict.VALID_ELSEWHERE)
    return CardCheck(Verdict.NO_LONGER_VALID)
