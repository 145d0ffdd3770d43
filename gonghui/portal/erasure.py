"""Erasing a worker's account: the profile's name, ID number and mobile, the sign-in (the
username is the mobile's keyed hash), the SMS codes sent to the mobile, and the name in the
titles of the worker's applications."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from gonghui.cases.erasure import scrub_name
from gonghui.cases.models import Case
from gonghui.core.personal import ErasedPerson, eraser
from gonghui.portal.models import SmsCode, WorkerProfile

# After the erasers that find the person's cases through the worker account (legal aid).
ORDER = 90


@eraser(order=ORDER)
def anonymise_worker_account(person: ErasedPerson) -> int:
    profile = WorkerProfile.objects.filter(id_blind=person.id_blind).select_related("user").first()
    mobiles = set(person.mobile_blinds)
    if profile is not None:
        mobiles.add(profile.mobile_blind)
        scrub_name(Case.objects.filter(applicant=profile.user), profile.name, person.placeholder)
        WorkerProfile.objects.filter(pk=profile.pk).update(
            name=person.placeholder,
            mobile_cipher=b"",
            mobile_blind=person.blind_placeholder(),
            id_cipher=None,
            id_blind="",
        )
        user = profile.user
        user.username = person.blind_placeholder()
        user.first_name, user.last_name, user.email = person.placeholder, "", ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["username", "first_name", "last_name", "email", "is_active",
                                 "password"])  # fmt: skip
    SmsCode.objects.filter(mobile_blind__in=mobiles).delete()
    return int(profile is not None)


def worker_of(person: ErasedPerson) -> Any:
    """The person's worker account, while the portal's eraser has not run yet."""
    profile = WorkerProfile.objects.filter(id_blind=person.id_blind).only("user").first()
    return get_user_model().objects.get(pk=profile.user_id) if profile else None
