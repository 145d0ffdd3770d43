"""Changing members: join, edit, transfer (会籍接转), reveal personal data; each write audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, crypto, ids
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.employers.models import Employer
from gonghui.members.models import Member, Status, Transfer
from gonghui.members.pinyin import name_initials
from gonghui.members.selectors import find_active_by_id_number
from gonghui.orgs.models import Union

AUDITED_FIELDS = [
    "name", "gender", "birth_date", "mobile_last4", "employer", "union", "joined_on",
    "status", "is_migrant_worker", "consent_on",
]  # fmt: skip


def resolve_union(*, actor: Any, employer: Employer | None, holding_union: Union | None) -> Union:
    """The union a member belongs to: the employer's covering union when there is one.

    When the employer has no union yet (or the person has no employer), membership is held
    by a federation where the member lives or works (domain.md §4), chosen by the cadre.
    """
    if employer is not None and employer.union_id is not None:
        assert employer.union is not None
        return employer.union
    if holding_union is None:
        refuse(
            _("The employer has no union: choose the union that holds the membership."),
            code="required",
            field="holding_union",
        )
    if holding_union.is_grassroots:
        refuse(
            _("Only a federation may hold the membership of a worker whose employer has no union."),
            code="grassroots",
            field="holding_union",
        )
    require_visible(actor, holding_union, "holding_union")
    return holding_union


def member_create(
    *,
    actor: Any,
    name: str,
    id_number: str,
    mobile: str,
    employer: Employer | None,
    holding_union: Union | None = None,
    joined_on: dt.date,
    is_migrant_worker: bool = False,
    consent_on: dt.date | None = None,
) -> Member:
    require_editor(actor)
    resident = ids.parse_resident_id(id_number)
    number = mobile and ids.normalize_mobile(mobile)
    if employer is not None:
        require_visible(actor, employer, "employer")
    union = resolve_union(actor=actor, employer=employer, holding_union=holding_union)
    member = Member(
        name=_clean_name(name),
        employer=employer,
        union=union,
        joined_on=joined_on,
        is_migrant_worker=is_migrant_worker,
        consent_on=consent_on,
    )
    _set_identity(member, resident)
    _set_mobile(member, number)
    with transaction.atomic():
        _refuse_second_membership(resident.number, exclude=None)
        _save(member)
        audit.record(actor=actor, action="member.create", obj=member,
                     after=snapshot(member, AUDITED_FIELDS))  # fmt: skip
    return member


def member_update(*, actor: Any, member: Member, **changes: Any) -> Member:
    """Change a member's own data; moving between unions goes through `member_transfer`."""
    require_editor(actor)
    require_visible(actor, member, None)
    before = snapshot(member, AUDITED_FIELDS)
    # A value kept as it was keeps its ciphertext: a fresh nonce would look like a change.
    if "id_number" in changes:
        resident = ids.parse_resident_id(changes.pop("id_number"))
        if resident.number != member.id_number:
            _set_identity(member, resident)
    if "mobile" in changes:
        mobile = changes.pop("mobile")
        number = mobile and ids.normalize_mobile(mobile)
        if number != member.mobile:
            _set_mobile(member, number)
    if "name" in changes:
        changes["name"] = _clean_name(changes["name"])
        member.name_initials = name_initials(changes["name"])
    was_active = member.status == Status.ACTIVE
    for field in ("name", "joined_on", "is_migrant_worker", "consent_on", "status"):
        if field in changes:
            setattr(member, field, changes.pop(field))
    # When the membership ended: as-of figures count it until that day.
    if member.status == Status.ACTIVE:
        member.left_on = None
    elif was_active:
        member.left_on = timezone.localdate()
    if changes:
        raise TypeError(f"member_update cannot change {', '.join(changes)}")
    with transaction.atomic():
        if member.status == Status.ACTIVE:
            _refuse_second_membership(member.id_number, exclude=member.pk)
        _save(member)
        after = snapshot(member, AUDITED_FIELDS)
        audit.record(actor=actor, action="member.update", obj=member,
                     changes=audit.changed_fields(before, after))  # fmt: skip
    return member


def member_transfer(
    *,
    actor: Any,
    member: Member,
    to_employer: Employer | None,
    holding_union: Union | None = None,
    transferred_on: dt.date,
    reason: str = "",
) -> Transfer:
    """Move an active membership to another union in one step (一次入会、动态接转), by a cadre
    who sees the member (of the union it leaves, or of a federation above)."""
    require_editor(actor)
    require_visible(actor, member, None)
    if to_employer is not None:
        require_visible(actor, to_employer, "to_employer")
    to_union = resolve_union(actor=actor, employer=to_employer, holding_union=holding_union)
    return _transfer(actor, member, to_employer=to_employer, to_union=to_union,
                     transferred_on=transferred_on, reason=reason)  # fmt: skip


def member_receive(
    *,
    actor: Any,
    member: Member,
    to_employer: Employer | None,
    holding_union: Union | None = None,
    transferred_on: dt.date,
    reason: str = "",
) -> Transfer:
    """The receiving union takes in a member who asked to move (接收: the member's own request,
    e.g. a transfer case from the worker portal). Its cadre must see where the membership
    goes, not the union it leaves, which may lie in another part of the tree."""
    require_editor(actor)
    if to_employer is not None:
        require_visible(actor, to_employer, "to_employer")
    to_union = resolve_union(actor=actor, employer=to_employer, holding_union=holding_union)
    require_visible(actor, to_union, None)
    return _transfer(actor, member, to_employer=to_employer, to_union=to_union,
                     transferred_on=transferred_on, reason=reason)  # fmt: skip


def _transfer(
    actor: Any,
    member: Member,
    *,
    to_employer: Employer | None,
    to_union: Union,
    transferred_on: dt.date,
    reason: str,
) -> Transfer:
    if member.status != Status.ACTIVE:
        refuse(_("Only an active membership can be transferred."), code="status")
    if to_union.pk == member.union_id and to_employer == member.employer:
        refuse(_("The member already belongs there."), code="same_union")
    if transferred_on < member.joined_on:
        refuse(
            _("A transfer cannot precede joining the union."), code="date", field="transferred_on"
        )
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        transfer = Transfer.objects.create(
            member=locked,
            from_union_id=locked.union_id,
            to_union=to_union,
            from_employer_id=locked.employer_id,
            to_employer=to_employer,
            transferred_on=transferred_on,
            reason=reason,
            actor=actor,
        )
        locked.union = to_union
        locked.employer = to_employer
        locked.save(update_fields=["union", "employer", "updated_at"])
        before = {"union": transfer.from_union_id, "employer": transfer.from_employer_id}
        after = {"union": to_union.pk, "employer": to_employer.pk if to_employer else None}
        audit.record(actor=actor, action="member.transfer", obj=locked, before=before, after=after)
    member.refresh_from_db()
    return transfer


def member_reveal(*, actor: Any, member: Member, remote_addr: str | None = None) -> dict[str, str]:
    """The full ID number and mobile, for a user with the unmask permission; always audited."""
    require_visible(actor, member, None)
    allowed = bool(getattr(actor, "may_unmask", False))
    audit.record(actor=actor, action="member.unmask", obj=member,
                 result="ok" if allowed else "refused", remote_addr=remote_addr)  # fmt: skip
    if not allowed:
        refuse(_("You may not see full personal data."), code="permission")
    return {"id_number": member.id_number, "mobile": member.mobile}


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        refuse(_("The name is missing."), code="required", field="name")
    return cleaned


def _set_identity(member: Member, resident: ids.ResidentId) -> None:
    member.id_cipher = crypto.encrypt(resident.number)
    member.id_blind = crypto.blind_index(resident.number)
    member.gender = resident.gender
    member.birth_date = resident.birth_date
    member.name_initials = name_initials(member.name)


def _set_mobile(member: Member, number: str) -> None:
    member.mobile_cipher = crypto.encrypt(number) if number else None
    member.mobile_blind = crypto.blind_index(number) if number else ""
    member.mobile_last4 = number[-4:] if number else ""


def _refuse_second_membership(number: str, *, exclude: int | None) -> None:
    existing = find_active_by_id_number(number)
    if existing is not None and existing.pk != exclude:
        message = _("This person is already an active member of %(union)s.")
        refuse(message % {"union": existing.union}, code="second_membership", field="id_number")


def _save(member: Member) -> None:
    # The partial unique index is the real guarantee when two cadres save at the same moment.
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        refuse(
            _("This person already has an active membership."),
            code="second_membership",
            field="id_number",
        )
