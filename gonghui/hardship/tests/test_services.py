"""Registering, correcting, re-verifying and closing files; consent and assistance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.conftest import World, resident_id
from gonghui.core import crypto
from gonghui.core.models import AuditEntry
from gonghui.hardship import aid, services
from gonghui.hardship.models import (
    Assistance,
    ExitReason,
    Household,
    HouseholdPerson,
    Kind,
    Status,
)
from gonghui.hardship.services import Person
from gonghui.hardship.tests.conftest import APPLICANT_ID, SPOUSE_ID, figures, register
from gonghui.hardship.tiers import Cause, Tier

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_registering_opens_a_file_and_its_review_at_the_holding_union(
    world: World, household: Household
) -> None:
    assert household.number == f"KN{TODAY():%Y}{household.pk:06d}"
    assert (household.status, household.tier, household.size) == (Status.APPLYING, Tier.DEEP, 3)
    assert household.case.union == world.a.grassroots
    assert household.case.state == "grassroots"
    assert household.masked_id_number == "320302********" + APPLICANT_ID[-4:]
    assert HouseholdPerson.objects.filter(household=household, open=True).count() == 3
    entry = AuditEntry.objects.get(action="hardship.create")
    assert APPLICANT_ID not in str(entry.detail)


def test_an_ineligible_household_is_refused_with_its_figures(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        register(world, income=120_000, expenses=0, cause=Cause.UNEMPLOYMENT)
    assert "120000" in message(error) and "3333.33" in message(error)
    assert not Household.objects.exists()


def test_a_person_in_an_open_file_cannot_be_in_a_second_one(
    world: World, household: Household
) -> None:
    with pytest.raises(ValidationError) as error:
        register(
            world,
            id_number=resident_id("320302", "19700101", 99),
            members=(Person("钱七", "spouse", SPOUSE_ID),),
        )
    assert household.number in message(error)
    assert world.a.grassroots.name in message(error)
    assert Household.objects.count() == 1


def test_the_pointer_to_another_subtrees_file_names_only_its_number_and_union(
    world: World, household: Household
) -> None:
    with pytest.raises(ValidationError) as error:
        register(
            world,
            user="district_b",
            union=world.b.grassroots,
            id_number=resident_id("320303", "19700101", 99),
            members=(Person("某人", "spouse", APPLICANT_ID),),
        )
    text = message(error)
    assert household.number in text and world.a.grassroots.name in text
    assert household.applicant_name not in text and "钱七" not in text


def test_the_database_holds_one_open_file_per_person(household: Household) -> None:
    blind = crypto.blind_index(APPLICANT_ID)
    other = Household.objects.create(
        union=household.union,
        applicant_name="x",
        applicant_id_cipher=b"",
        applicant_id_blind="",
        applicant_mobile_cipher=b"",
        income=0,
        expenses=0,
        cause=Cause.OTHER,
        tier=Tier.DEEP,
        minimum_living=870,
        accident_share="0.8",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdPerson.objects.create(household=other, id_blind=blind)
    HouseholdPerson.objects.create(household=other, id_blind=blind, open=False)


def test_the_same_person_twice_in_one_file_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="twice"):
        register(world, members=(Person("赵六", "other", APPLICANT_ID),))


def test_a_wrong_member_id_number_is_refused_naming_the_member(world: World) -> None:
    wrong = SPOUSE_ID[:-1] + ("1" if SPOUSE_ID[-1] != "1" else "2")
    with pytest.raises(ValidationError, match="钱七"):
        register(world, members=(Person("钱七", "spouse", wrong),))


def test_a_district_federation_cannot_hold_a_file(world: World) -> None:
    with pytest.raises(ValidationError, match="cannot hold"):
        register(world, user="district", union=world.a.federation)


def test_a_cadre_cannot_register_a_file_at_another_subtrees_union(world: World) -> None:
    with pytest.raises(ValidationError):
        register(world, union=world.b.grassroots)
    assert not Household.objects.exists()


def test_a_viewer_cannot_register(world: World) -> None:
    with pytest.raises(ValidationError):
        register(world, user="viewer", union=world.a.grassroots)


def update(world: World, household: Household, **kwargs: Any) -> Household:
    return services.household_update(
        actor=world.user("grassroots"),
        household=household,
        name="赵六",
        id_number=APPLICANT_ID,
        mobile="13700001111",
        figures=figures(**kwargs),
    )


def test_a_file_is_corrected_at_the_grassroots_step_and_its_tier_recomputed(
    world: World, household: Household
) -> None:
    updated = update(world, household, income=15_000, expenses=0, members=())
    assert (updated.size, updated.tier) == (1, Tier.RELATIVE)
    assert updated.members.count() == 0
    assert HouseholdPerson.objects.filter(household=household).count() == 1


def test_reverify_recomputes_the_tier_and_dates_it(world: World, active: Household) -> None:
    done = services.household_reverify(
        actor=world.user("street"), household=active, figures=figures(income=50_000)
    )
    assert (done.tier, done.reverified_on, done.income) == (Tier.RELATIVE, TODAY(), 50_000)


def test_reverify_refuses_a_household_no_longer_eligible(world: World, active: Household) -> None:
    with pytest.raises(ValidationError, match="exit"):
        services.household_reverify(
            actor=world.user("grassroots"), household=active, figures=figures(income=300_000)
        )
    active.refresh_from_db()
    assert (active.tier, active.reverified_on) == (Tier.DEEP, None)


def test_reverify_is_for_active_files(world: World, household: Household) -> None:
    with pytest.raises(ValidationError, match="active"):
        services.household_reverify(
            actor=world.user("grassroots"), household=household, figures=figures()
        )


def test_exit_closes_the_file_and_frees_its_people(world: World, active: Household) -> None:
    services.household_exit(
        actor=world.user("grassroots"),
        household=active,
        reason=ExitReason.RECOVERED,
        exited_on=TODAY(),
        note="再就业",
    )
    active.refresh_from_db()
    assert (active.status, active.exit_reason, active.exited_on) == (
        Status.EXITED,
        ExitReason.RECOVERED,
        TODAY(),
    )
    again = register(world)
    assert again.pk != active.pk


def test_exit_refuses_a_future_date_and_a_file_under_review(
    world: World, active: Household
) -> None:
    with pytest.raises(ValidationError, match="date"):
        services.household_exit(
            actor=world.user("grassroots"),
            household=active,
            reason=ExitReason.MOVED,
            exited_on=TODAY() + dt.timedelta(days=1),
        )
    other = register(world, id_number=resident_id("320302", "19700101", 99), members=())
    with pytest.raises(ValidationError, match="active"):
        services.household_exit(
            actor=world.user("grassroots"),
            household=other,
            reason=ExitReason.MOVED,
            exited_on=TODAY(),
        )


def assist(
    world: World, household: Household, user: str = "grassroots", **kwargs: Any
) -> Assistance:
    values = {
        "kind": Kind.LIVING,
        "amount": 2_000,
        "paid_on": TODAY(),
        "paid_by": world.user(user).org,
    } | kwargs
    return aid.assistance_record(actor=world.user(user), household=household, **values)


def test_assistance_is_recorded_on_an_active_file(world: World, active: Household) -> None:
    payment = assist(world, active, user="district", amount=3_000)
    assert (payment.union, payment.paid_by) == (world.a.grassroots, world.a.federation)
    assert payment.amount == 3_000
    assert AuditEntry.objects.filter(action="hardship.assist", object_id=str(active.pk)).exists()


def test_assistance_is_refused_on_a_file_under_review(world: World, household: Household) -> None:
    with pytest.raises(ValidationError, match="active"):
        assist(world, household)


def test_the_paying_union_must_be_on_the_files_line(world: World, active: Household) -> None:
    with pytest.raises(ValidationError):
        assist(world, active, user="city", paid_by=world.b.federation)
    with pytest.raises(ValidationError):
        assist(world, active, paid_by=world.a.street)  # above the grassroots cadre's scope


def test_student_aid_names_the_student_and_school(world: World, active: Household) -> None:
    with pytest.raises(ValidationError, match="school"):
        assist(world, active, kind=Kind.STUDENT, student_name="赵小六")
    payment = assist(world, active, kind=Kind.STUDENT, student_name="赵小六", school="徐州一中")
    assert payment.school == "徐州一中"


def test_medical_details_need_the_separate_consent(world: World, active: Household) -> None:
    with pytest.raises(ValidationError, match="consent"):
        assist(world, active, kind=Kind.MEDICAL, medical_details="尿毒症透析")
    assist(world, active, kind=Kind.MEDICAL)  # no details, no consent needed
    consent = aid.consent_record(
        actor=world.user("grassroots"),
        household=active,
        consented_by="赵六",
        consented_on=TODAY(),
        scope="保存诊断与费用用于医疗救助",
    )
    payment = assist(world, active, kind=Kind.MEDICAL, medical_details="尿毒症透析")
    assert payment.consent == consent and payment.medical_details == "尿毒症透析"
    assert b"\xe5\xb0\xbf" not in bytes(payment.medical_cipher)  # not stored in clear


def test_medical_details_are_shown_only_to_who_may_unmask(world: World, active: Household) -> None:
    aid.consent_record(
        actor=world.user("grassroots"),
        household=active,
        consented_by="赵六",
        consented_on=TODAY(),
        scope="医疗救助",
    )
    payment = assist(world, active, kind=Kind.MEDICAL, medical_details="尿毒症透析")
    with pytest.raises(ValidationError):
        aid.assistance_reveal(actor=world.user("grassroots"), assistance=payment)
    assert AuditEntry.objects.filter(action="hardship.unmask", result="refused").exists()


def test_a_household_with_someone_on_the_relocation_register_is_relocated(world: World) -> None:
    from gonghui.relocation.models import Industry
    from gonghui.relocation.services import worker_create

    worker_create(actor=world.user("grassroots"), name="钱七", id_number=SPOUSE_ID,
                  industry=Industry.COAL, employer=world.a.employer,
                  relocated_on=TODAY())  # fmt: skip
    assert register(world).relocated is True
