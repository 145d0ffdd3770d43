"""Erasing a person from the hardship files: as applicant, as a member of a household, and the
medical details and student names of the assistance paid to their household. Incomes, tiers,
amounts and dates stay: the figures count them."""

from __future__ import annotations

from django.utils import timezone

from gonghui.cases.erasure import scrub_name
from gonghui.core.personal import ErasedPerson, eraser
from gonghui.hardship.models import Assistance, Household, HouseholdMember, HouseholdPerson


@eraser()
def anonymise_hardship(person: ErasedPerson) -> int:
    households = list(Household.objects.filter(applicant_id_blind=person.id_blind))
    for household in households:
        if household.case_id is not None:
            scrub_name([household.case_id], household.applicant_name, person.placeholder)
        Household.objects.filter(pk=household.pk).update(
            applicant_name=person.placeholder,
            applicant_id_cipher=b"",
            applicant_id_blind=person.blind_placeholder(),
            applicant_mobile_cipher=b"",
            updated_at=timezone.now(),
        )
    Assistance.objects.filter(household__in=households).update(
        medical_cipher=None, student_name="", school="", note=""
    )
    relatives = list(HouseholdMember.objects.filter(id_blind=person.id_blind).values_list("pk"))
    for (pk,) in relatives:
        HouseholdMember.objects.filter(pk=pk).update(
            name=person.placeholder, id_cipher=b"", id_blind=person.blind_placeholder()
        )
    places = list(HouseholdPerson.objects.filter(id_blind=person.id_blind).values_list("pk"))
    for (pk,) in places:
        HouseholdPerson.objects.filter(pk=pk).update(id_blind=person.blind_placeholder())
    return len(households) + len(relatives)
