"""Erasing a person (删除权, PIPL art. 47): their name, ID number and mobile leave every record.

What the figures count stays: union, employer, dates, status, gender, the birth year. The
person's rows keep their place in the tree and in every tally, under a placeholder name, with
no ID number or mobile and a blind index that matches nothing, so neither a search nor the
one-membership rule finds them again and the same ID number can join anew as a new person.
The other domains erase their own traces through their `erasure.py` (core.personal.eraser).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, crypto, ids
from gonghui.core.models import AuditEntry
from gonghui.core.personal import ErasedPerson, erase_everywhere, eraser, placeholder_name
from gonghui.core.services import refuse, require_editor, require_visible
from gonghui.members.models import Member

ERASE_PERMISSION = "members.erase_person"


def may_erase(user: Any) -> bool:
    return bool(getattr(user, "may_edit", False)) and user.has_perm(ERASE_PERMISSION)


def member_erase(*, actor: Any, member: Member, remote_addr: str | None = None) -> dict[str, int]:
    """A cadre with the erase permission erases the person of a membership they see."""
    require_editor(actor)
    require_visible(actor, member, None)
    if not may_erase(actor):
        refuse(_("You may not erase a person's data."), code="permission")
    return _erase(actor=actor, id_blind=member.id_blind, obj=member, remote_addr=remote_addr)


def person_erase(*, actor: Any, id_number: str) -> dict[str, int]:
    """The data-protection officer erases a person by ID number (`gonghui person erase`)."""
    number = ids.parse_resident_id(id_number).number
    return _erase(actor=actor, id_blind=crypto.blind_index(number), obj=None, remote_addr=None)


def _erase(
    *, actor: Any, id_blind: str, obj: Member | None, remote_addr: str | None
) -> dict[str, int]:
    with transaction.atomic():
        memberships = Member.objects.select_for_update().filter(id_blind=id_blind)
        found = {str(pk): blind for pk, blind in memberships.values_list("pk", "mobile_blind")}
        person = ErasedPerson(
            id_blind=id_blind,
            mobile_blinds=frozenset(blind for blind in found.values() if blind),
            placeholder=placeholder_name(),
        )
        changed = erase_everywhere(person)
        if not any(changed.values()):
            refuse(_("No record of this person was found."), code="not_found")
        # Only counts and the placeholder: the trail must not keep what was erased. Its earlier
        # entries about these memberships may hold the former name; the trail is append-only
        # and kept for the auditors (网络安全法 §21), so they are counted here, not changed.
        earlier = AuditEntry.objects.filter(object_type="members.member", object_id__in=found)
        audit.record(actor=actor, action="person.erase", obj=obj, remote_addr=remote_addr,
                     rows=changed, placeholder=person.placeholder,
                     earlier_entries=earlier.count())  # fmt: skip
    return changed


@eraser()
def anonymise_memberships(person: ErasedPerson) -> int:
    """Every membership of the person, city-wide (one row per union they belonged to)."""
    memberships = list(Member.objects.filter(id_blind=person.id_blind).only("pk", "birth_date"))
    for membership in memberships:
        Member.objects.filter(pk=membership.pk).update(
            name=person.placeholder,
            name_initials="",
            id_cipher=b"",
            id_blind=person.blind_placeholder(),
            mobile_cipher=None,
            mobile_blind="",
            mobile_last4="",
            birth_date=dt.date(membership.birth_date.year, 1, 1),
            updated_at=timezone.now(),  # partners syncing by `updated_since` take the change
        )
    return len(memberships)
