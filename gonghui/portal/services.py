"""A worker's writes: sign up, prove identity, apply to join the union, ask to transfer the
membership to a new employer's union. Each audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import Role
from gonghui.cases.models import Case
from gonghui.cases.services import case_apply
from gonghui.cases.workflow import Workflow
from gonghui.core import audit, crypto, ids
from gonghui.core.services import refuse
from gonghui.employers.models import Employer
from gonghui.members.selectors import find_active_by_id_number
from gonghui.orgs.models import Union
from gonghui.portal import selectors
from gonghui.portal.codes import code_check
from gonghui.portal.models import WorkerProfile
from gonghui.portal.workflows import MEMBERSHIP, TRANSFER

JOIN_TITLE = gettext_lazy("%(name)s joins the union at %(employer)s")
TRANSFER_TITLE = gettext_lazy("%(name)s transfers the membership to %(employer)s")


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
    profile = _proven_profile(actor)
    if _open_cases(actor, MEMBERSHIP):
        refuse(_("You already have an application under review."), code="open")
    if find_active_by_id_number(profile.id_number) is not None:
        refuse(_("You are already a union member."), code="member")
    return _apply(actor, MEMBERSHIP, profile=profile, employer=employer,
                  union=selectors.receiving_union(employer), title=JOIN_TITLE)  # fmt: skip


def transfer_request(*, actor: Any, employer: Employer) -> Case:
    """Ask to move one's active membership to the union of a new employer (会籍接转): the
    union covering it, else its area's federation, decides."""
    profile = _proven_profile(actor)
    member = find_active_by_id_number(profile.id_number)
    if member is None:
        refuse(_("Only a union member can transfer a membership: apply to join instead."),
               code="not_member")  # fmt: skip
    if _open_cases(actor, TRANSFER):
        refuse(_("You already have a transfer under review."), code="open")
    union = selectors.receiving_union(employer)
    if union.pk == member.union_id:
        refuse(_("Your membership is already held by %(union)s: ask its cadres to record your "
                 "new employer.") % {"union": union}, code="same_union")  # fmt: skip
    return _apply(actor, TRANSFER, profile=profile, employer=employer, union=union,
                  title=TRANSFER_TITLE, data={"from_union": member.union_id})  # fmt: skip


def _proven_profile(actor: Any) -> WorkerProfile:
    profile = selectors.profile_of(user=actor)
    if profile.verified_at is None:
        refuse(_("Prove your identity before applying."), code="identity")
    return profile


def _open_cases(actor: Any, workflow: Workflow) -> bool:
    return (
        selectors.my_applications(user=actor, type=workflow.key)
        .filter(closed_at__isnull=True)
        .exists()
    )


def _apply(actor: Any, workflow: Workflow, *, profile: WorkerProfile, employer: Employer,
           union: Union, title: Promise, data: dict[str, Any] | None = None) -> Case:  # fmt: skip
    """Open the worker's case at `union` (`selectors.receiving_union`), titled in the
    deployment's language (the cadres read it later)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = title % {"name": profile.name, "employer": employer.name}
    return case_apply(applicant=actor, type=workflow.key, union=union, title=text[:200],
                      data={"employer": employer.pk, **(data or {})})  # fmt: skip
