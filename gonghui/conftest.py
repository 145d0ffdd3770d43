"""The test city: a small union tree with two sibling districts and named users at each level.

District A (鼓楼区) is where the named users act; district B (云龙区) is the sibling subtree
whose records must never show up for them. Every person and employer of B carries the word
"泄露" (leak) in its name, so a page that shows one is caught by a plain text search.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from gonghui.accounts.models import Role, User
from gonghui.core import ids
from gonghui.employers.models import Employer, Ownership
from gonghui.members.models import Member
from gonghui.members.services import member_create
from gonghui.orgs.models import Area, Union
from gonghui.orgs.services import union_add

PASSWORD = "Test-password-2026"  # noqa: S105 - the test users' password
LEAK_MARK = "泄露"


def resident_id(area: str, birth: str, sequence: int) -> str:
    """A valid 18-digit ID number (odd sequence = male)."""
    first17 = f"{area}{birth}{sequence:03d}"
    return first17 + ids.id_check_character(first17)


def credit_code(area: str, serial: int, prefix: str = "91") -> str:
    first17 = f"{prefix}{area}{serial:09d}"
    return first17 + ids.credit_check_character(first17)


@dataclass
class District:
    area: Area
    street_area: Area
    federation: Union
    street: Union
    grassroots: Union
    employer: Employer
    bare_employer: Employer  # not unionised
    member: Member


@dataclass
class World:
    city: Union
    a: District
    b: District
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def _district(city: Union, city_area: Area, code: str, name: str, mark: str) -> District:
    area = Area.objects.create(code=code, name=name, level="district", parent=city_area)
    street_area = Area.objects.create(
        code=f"{code}001", name=f"{mark}{name}街道", level="street", parent=area
    )
    federation = union_add(
        actor=None, parent=city, name=f"{name}总工会", kind=Union.Kind.DISTRICT, area=area
    )
    street = union_add(
        actor=None,
        parent=federation,
        name=f"{mark}{name}街道总工会",
        kind=Union.Kind.STREET,
        area=street_area,
    )
    employer = Employer.objects.create(
        credit_code=credit_code(code, 1),
        name=f"{mark}{name}机械厂",
        ownership=Ownership.PRIVATE,
        industry="C",
        headcount=120,
        area=street_area,
    )
    grassroots = union_add(
        actor=None,
        parent=street,
        name=f"{mark}{name}机械厂工会",
        kind=Union.Kind.GRASSROOTS,
        area=street_area,
        credit_code=credit_code(code, 2, prefix="81"),
    )
    employer.union = grassroots
    employer.save()
    bare = Employer.objects.create(
        credit_code=credit_code(code, 3),
        name=f"{mark}{name}小商店",
        ownership=Ownership.PRIVATE,
        industry="F",
        headcount=8,
        area=street_area,
    )
    return District(area, street_area, federation, street, grassroots, employer, bare, None)  # type: ignore[arg-type]


def _user(username: str, role: str, org: Union | None, **extra: Any) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, org=org, **extra
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Tests create many users; the production hasher's cost is not what they check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The test city (the `world` fixture), also built by `gonghui authz matrix`."""
    city_area = Area.objects.create(code="320300", name="徐州市", level="city")
    city = union_add(
        actor=None, parent=None, name="徐州市总工会", kind=Union.Kind.CITY, area=city_area
    )
    a = _district(city, city_area, "320302", "鼓楼区", "")
    b = _district(city, city_area, "320303", "云龙区", LEAK_MARK)
    users = {
        "city": _user("city", Role.CITY, city),
        "district": _user("district", Role.DISTRICT, a.federation),
        "street": _user("street", Role.STREET, a.street),
        "grassroots": _user("grassroots", Role.GRASSROOTS, a.grassroots),
        "viewer": _user("viewer", Role.VIEWER, a.federation),
        "sysadmin": _user("sysadmin", Role.SYSTEM_ADMIN, None, is_staff=True),
        "district_b": _user("district_b", Role.DISTRICT, b.federation),
    }
    a.member = member_create(
        actor=users["grassroots"],
        name="张三",
        id_number=resident_id("320302", "19900101", 11),
        mobile="13812345678",
        employer=a.employer,
        joined_on=dt.date(2015, 3, 1),
    )
    b.member = member_create(
        actor=users["district_b"],
        name=f"{LEAK_MARK}李四",
        id_number=resident_id("320303", "19850505", 22),
        mobile="13987654321",
        employer=b.employer,
        joined_on=dt.date(2016, 6, 1),
    )
    return World(city=city, a=a, b=b, users=users)
