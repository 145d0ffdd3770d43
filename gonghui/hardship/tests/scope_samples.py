"""A hardship file of district B (its applicant named like B's member) with a payment, for the
scope walk (core/tests/test_scope_walk.py)."""

from __future__ import annotations

from django.utils import timezone

from gonghui.conftest import District, World, resident_id
from gonghui.core import crypto
from gonghui.hardship.models import Assistance, Household, Kind, Status
from gonghui.hardship.tiers import Cause, Tier

EXEMPT: dict[str, str] = {}


def samples(world: World, district: District) -> dict[type, object]:
    number = resident_id(district.area.code, "19700101", 401)
    household = Household.objects.create(
        number=f"KN{district.area.code}",
        union=district.grassroots,
        applicant_name=district.member.name,
        applicant_id_cipher=crypto.encrypt(number),
        applicant_id_blind=crypto.blind_index(number),
        applicant_mobile_cipher=crypto.encrypt("13700009999"),
        income=10_000,
        expenses=0,
        cause=Cause.ILLNESS,
        status=Status.ACTIVE,
        tier=Tier.DEEP,
        minimum_living=870,
        accident_share="0.8",
        activated_on=timezone.localdate(),
        relocated=True,
    )
    cadre = next(user for user in world.users.values() if user.org == district.federation)
    aid = Assistance.objects.create(
        household=household,
        union=district.grassroots,
        paid_by=district.federation,
        kind=Kind.STUDENT,
        amount=1_000,
        paid_on=timezone.localdate(),
        student_name=district.member.name,
        school=district.member.name,
        recorded_by=cadre,
    )
    return {Household: household, Assistance: aid}
