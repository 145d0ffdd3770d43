"""Reading members: the scoped list, search and one member. Every function takes the user."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from gonghui.core import crypto, ids
from gonghui.core.fields import prefix_q
from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.members.models import Member, Status, Transfer
from gonghui.orgs.models import Union

_LETTERS = re.compile(r"^[a-z]+$")
_FOUR_DIGITS = re.compile(r"^\d{4}$")


def member_list(*, user: Any, status: str | None = Status.ACTIVE) -> QuerySet[Member]:
    # Unions and employers of a page come in two small queries by primary key: a join would
    # let the database drive the list from the union table and sort the whole subtree.
    members = visible_to(Member, user).prefetch_related("union", "employer")
    if status:
        members = members.filter(status=status)
    return members.order_by("-id")


def member_search(
    *, user: Any, query: str, status: str | None = None, within: Union | None = None
) -> QuerySet[Member]:
    """Members in scope matching what a cadre typed.

    An 18-character ID number matches exactly (through the blind index), as does an 11-digit
    mobile; four digits match a mobile's last four; Latin letters match pinyin initials
    (`zs` → 张三); anything else matches the start of the name. `within` narrows the list to
    a union's subtree (a node the caller already fetched through the user's scope).
    """
    members = member_list(user=user, status=status)
    if within is not None:
        members = members.filter(Member.scope_filter(within.as_scope()))
    text = ids.to_half_width(query).replace(" ", "")
    if not text:
        return members
    condition, ordering = _search_filter(text)
    return members.filter(condition).order_by(*ordering)


def _search_filter(text: str) -> tuple[Q, tuple[str, ...]]:
    """The condition for what was typed, and the order that the matching index reads in."""
    if len(text) == 18:
        try:
            number = ids.parse_resident_id(text).number
        except ValidationError:
            number = text.upper()  # a wrong number finds nobody; the form says why
        return Q(id_blind=crypto.blind_index(number)), ("-id",)
    if len(text) == 11 and text.isdigit():
        return Q(mobile_blind=crypto.blind_index(text)), ("-id",)
    if _FOUR_DIGITS.match(text):
        return Q(mobile_last4=text), ("-id",)
    if _LETTERS.match(text.lower()):
        return prefix_q("name_initials", text.lower()), ("name_initials", "id")
    return prefix_q("name", text), ("name", "id")


def member_get(*, user: Any, member_id: object) -> Member:
    return get_visible_or_404(
        Member, user, member_id, Member.objects.select_related("union", "employer")
    )


def member_transfers(*, user: Any, member: Member) -> QuerySet[Transfer]:
    return visible_to(Transfer, user, member.transfers.all()).select_related(
        "from_union", "to_union", "from_employer", "to_employer", "actor"
    )


def find_active_by_id_number(number: str) -> Member | None:
    """The person's active membership anywhere in the city (for the one-membership rule)."""
    return Member.objects.filter(id_blind=crypto.blind_index(number), status=Status.ACTIVE).first()
