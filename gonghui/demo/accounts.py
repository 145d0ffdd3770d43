"""Demo accounts: a cadre at every level of the tree, a viewer and the three administrators."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from gonghui.accounts.models import Role, User
from gonghui.demo.tree import GRASSROOTS, PlannedUnion, UnionTree
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    union_name: str  # empty for the administrators, who act for no union


def create_demo_accounts(*, tree: UnionTree, password: str) -> list[DemoAccount]:
    """`city` (may unmask personal data), `viewer`, per district `d<area code>`,
    `s<street code>` and `g<union id>` (the busiest grassroots union of that street), and
    `sysadmin`, `secadmin`, `auditor`. All share `password`."""
    planned: list[tuple[str, str, PlannedUnion | None]] = [
        ("city", Role.CITY, tree.city),
        ("viewer", Role.VIEWER, tree.city),
    ]
    for code, federation in tree.districts.items():
        planned.append((f"d{code}", Role.DISTRICT, federation))
        grassroots = _busiest_grassroots(tree, code)
        if grassroots is not None:
            street = next(s for s in tree.streets[code] if s.id == grassroots.parent_id)
            planned.append((f"s{street.area_id}", Role.STREET, street))
            planned.append((f"g{grassroots.id}", Role.GRASSROOTS, grassroots))
    planned += [
        ("sysadmin", Role.SYSTEM_ADMIN, None),
        ("secadmin", Role.SECURITY_ADMIN, None),
        ("auditor", Role.AUDITOR, None),
    ]
    # One hash for all: the accounts share the password anyway, and hashing it thirty times
    # at Django's work factor would add many seconds to every load.
    hashed = make_password(password)
    users = [
        User(
            username=username,
            role=role,
            org_id=union.id if union else None,
            password=hashed,
            is_staff=role == Role.SYSTEM_ADMIN,
            is_superuser=role == Role.SYSTEM_ADMIN,
            is_demo=True,
        )
        for username, role, union in planned
    ]
    User.objects.bulk_create(users)
    city = User.objects.get(username="city")
    city.user_permissions.add(
        Permission.objects.get(content_type__app_label="members", codename="unmask_personal_data")
    )
    return [
        DemoAccount(username, str(role), union.name if union else "")
        for username, role, union in planned
    ]


def _busiest_grassroots(tree: UnionTree, district_code: str) -> PlannedUnion | None:
    """The district's grassroots union with the most members, own unions before joint ones,
    among those under a street federation (not an industry union)."""
    street_ids = {street.id for street in tree.streets[district_code]}
    candidates = [
        union
        for union in tree.unions
        if union.kind in Union.GRASSROOTS_KINDS and union.parent_id in street_ids
    ]
    return max(
        candidates, key=lambda u: (u.kind == GRASSROOTS, u.member_count, -u.id), default=None
    )
