"""A worker's writes: sign up, prove identity, apply to join the union. Each audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import Role
from gonghui.cases.models import Case
from gonghui.cases.services import case_apply
from gonghui.core import audit, crypto, ids
from gonghui.core.services import refuse
from gonghui.employers.models import Employer
from gonghui.members.selectors import find_active_by_id_number
from gonghui.portal import selectors
from gonghui.portal.codes import code_check
from gonghui.portal.models import WorkerProfile
from gonghui.portal.workflows import MEMBERSHIP


def worker_username(mobile: str) -> str:
    """A worker signs in with the mobile; the account's username is its keyed hash, so the
    number is never stored in clear."""
    return f"w{crypto.blind_index(mobile)}"


def worker_signup(*, mobile: str, code: str, password: str) -> Any:
    """Create a worker's account for a mobile whose SMS code is right."""
    if WorkerProfile.objects.filter(mobile_blind=crypto.blind_index(mobile)).exists():
        refuse(_("An account already uses this mobile number: sign in instead."),
               code="taken", field="mobile")  # fmt: skip
    user = get_user_model()(username=worker_username(mobile), role=Role.WORKER)
    try:
        validate_password(password, user)
    except ValidationError as error:
        refuse(" ".join(error.messages), code="password", field="password")
    code_check(mobile=mobile, code=code)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        WorkerProfile.objects.create(user=user, mobile_cipher=crypto.encrypt(mobile),
                                     mobile_blind=crypto.blind_index(mobile))  # fmt: skip
        audit.record(actor=user, action="worker.signup", obj=user,
                     mobile=crypto.mask_mobile(mobile))  # fmt: skip
    return user


def identity_prove(*, actor: Any, name: str, id_number: str) -> WorkerProfile:
    """Record the worker's real name and ID number (实名): a valid number, not another
    account's, and the registry's name for it when the registry knows the person."""
    profile = selectors.profile_of(user=actor)
    try:
        number = ids.parse_resident_id(id_number).number
    except ValidationError as error:
        refuse(" ".join(error.messages), code="id_number", field="id_number")
    name = " ".join(name.split())
    blind = crypto.blind_index(number)
    if WorkerProfile.objects.filter(id_blind=blind).exclude(pk=profile.pk).exists():
        refuse(_("Another account already uses this ID number."), code="taken",
               field="id_number")  # fmt: skip
    member = find_active_by_id_number(number)
    if member is not None and member.name != name:
        refuse(_("The name does not match the registry's record for this ID number: "
                 "write it exactly as on the ID card."), code="name", field="name")  # fmt: skip
    profile.name, profile.id_cipher, profile.id_blind = name, crypto.encrypt(number), blind
    profile.verified_at = timezone.now()
    with transaction.atomic():
        profile.save()
        actor.first_name = name
        actor.save(update_fields=["first_name"])
        audit.record(actor=actor, action="worker.identity", obj=actor,
                     id_number=crypto.mask_id_number(number))  # fmt: skip
    return profile


def application_submit(*, actor: Any, employer: Employer) -> Case:
    """Apply to join the union covering `employer` (else its area's federation)."""
    profile = selectors.profile_of(user=actor)
    if profile.verified_at is None:
        refuse(_("Prove your identity before applying."), code="identity")
    if selectors.my_applications(user=actor).filter(closed_at__isnull=True).exists():
        refuse(_("You already have an application under review."), code="open")
    if find_active_by_id_number(profile.id_number) is not None:
        refuse(_("You are already a union member."), code="member")
    union = employer.union or selectors.federation_for(employer)
    with translation.override(settings.LANGUAGE_CODE):  # read later by the cadres
        title = _("%(name)s joins the union at %(employer)s") % {
            "name": profile.name, "employer": employer.name,
        }  # fmt: skip
    return case_apply(applicant=actor, type=MEMBERSHIP.key, union=union, title=title[:200],
                      data={"employer": employer.pk})  # fmt: skip
