"""Changing hardship files: register (a cadre) or apply (a worker at the portal), correct while
under review, re-verify yearly, exit; record medical consent and assistance; reveal medical
details. Each write is atomic and audited; the review itself moves through the case engine
(`workflows.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.cases.models import Case
from gonghui.cases.services import case_apply, case_open
from gonghui.core import audit, crypto, ids
from gonghui.core.services import refuse, require_editor, require_visible, snapshot
from gonghui.employers.models import Employer
from gonghui.hardship import persons
from gonghui.hardship.models import (
    ExitReason,
    Household,
    HouseholdMember,
    Status,
)
from gonghui.hardship.tiers import Assessment, assess, describe
from gonghui.hardship.workflows import EDITABLE_STATES, HARDSHIP
from gonghui.members.selectors import find_active_by_id_number
from gonghui.orgs.models import Union, ancestor_paths
from gonghui.portal import selectors as portal
from gonghui.relocation.selectors import relocated_among

AUDITED = [
    "union",
    "applicant_name",
    "income",
    "expenses",
    "size",
    "cause",
    "relocated",
    "status",
    "tier",
    "minimum_living",
    "reverified_on",
    "exited_on",
    "exit_reason",
]
HOLDING_KINDS = (*Union.GRASSROOTS_KINDS, Union.Kind.STREET)


@dataclass(frozen=True)
class Person:
    """A household member as entered (the applicant is entered apart)."""

    name: str
    relation: str
    id_number: str


@dataclass(frozen=True)
class Figures:
    """What a household declares and a cadre checks: re-entered at each re-verification."""

    income: int
    expenses: int
    cause: str
    relocated: bool
    members: Sequence[Person]


@dataclass(frozen=True)
class People:
    """A file's people with their checked ID numbers, the applicant first."""

    applicant: str
    members: list[tuple[Person, str]]

    @property
    def numbers(self) -> list[str]:
        return [self.applicant, *(number for _person, number in self.members)]


def household_register(
    *, actor: Any, union: Union, name: str, id_number: str, mobile: str, figures: Figures
) -> Household:
    """A cadre opens a file on a worker's behalf, held by `union` (in the cadre's subtree)."""
    require_editor(actor)
    require_visible(actor, union, "union")
    _require_review_line(union)

    def opener(household: Household, title: str) -> Case:
        return case_open(
            actor=actor,
            type=HARDSHIP.key,
            union=union,
            title=title,
            data={"household": household.pk},
        )

    return _create(
        actor,
        union=union,
        name=name,
        id_number=id_number,
        mobile=ids.normalize_mobile(mobile),
        figures=figures,
        opener=opener,
    )


def household_apply(*, actor: Any, employer: Employer | None, figures: Figures) -> Household:
    """A worker applies at the portal with their proven identity. The file is held by their
    membership's union; a worker who is not a member names the employer, whose covering
    union (else its area's federation) holds it."""
    profile = portal.profile_of(user=actor)
    if profile.verified_at is None:
        refuse(_("Prove your identity before applying."), code="identity")
    member = find_active_by_id_number(profile.id_number)
    if member is not None:
        union = member.union
    elif employer is not None:
        union = portal.receiving_union(employer)
    else:
        refuse(
            _("Name your employer by its unified social credit code."),
            code="required",
            field="credit_code",
        )
    _require_review_line(union)

    def opener(household: Household, title: str) -> Case:
        return case_apply(
            applicant=actor,
            type=HARDSHIP.key,
            union=union,
            title=title,
            data={"household": household.pk},
        )

    return _create(
        actor,
        union=union,
        name=profile.name,
        id_number=profile.id_number,
        mobile=profile.mobile,
        figures=figures,
        opener=opener,
    )


def _create(
    actor: Any,
    *,
    union: Union,
    name: str,
    id_number: str,
    mobile: str,
    figures: Figures,
    opener: Callable[[Household, str], Case],
) -> Household:
    people = _people(id_number, figures.members)
    household = Household(
        union=union,
        applicant_name=clean_name(name, "name"),
        applicant_mobile_cipher=crypto.encrypt(mobile),
    )
    _set_applicant(household, people.applicant)
    _set_figures(household, figures, _eligible(figures, people), people)
    with transaction.atomic():
        household.save()
        household.number = f"KN{household.created_at:%Y}{household.pk:06d}"
        persons.claim(household, people.numbers)
        _save_members(household, people.members)
        household.case = opener(household, _title(household))
        household.save(update_fields=["number", "case"])
        audit.record(
            actor=actor, action="hardship.create", obj=household, after=snapshot(household, AUDITED)
        )
    return household


def household_update(
    *, actor: Any, household: Household, name: str, id_number: str, mobile: str, figures: Figures
) -> Household:
    """Correct a file under review (at the grassroots step, or returned for correction)."""
    require_editor(actor)
    require_visible(actor, household, None)
    if household.status != Status.APPLYING or household.case.state not in EDITABLE_STATES:
        refuse(
            _(
                "A file can be corrected only at the grassroots review or when returned for "
                "correction."
            ),
            code="state",
        )
    people = _people(id_number, figures.members)
    before = snapshot(household, AUDITED)
    household.applicant_name = clean_name(name, "name")
    household.applicant_mobile_cipher = crypto.encrypt(ids.normalize_mobile(mobile))
    _set_applicant(household, people.applicant)
    _set_figures(household, figures, _eligible(figures, people), people)
    return _save_changes(actor, "hardship.update", household, before=before, people=people)


def household_reverify(*, actor: Any, household: Household, figures: Figures) -> Household:
    """The yearly re-verification (年度复核) of an active file: the figures and the people are
    entered again and the tier recomputed under today's thresholds. A household no longer
    eligible is refused here: exit the file instead."""
    require_editor(actor)
    require_visible(actor, household, None)
    if household.status != Status.ACTIVE:
        refuse(_("Only an active file is re-verified."), code="state")
    people = _people(household.applicant_id_number, figures.members)
    assessment = _assess(figures, people)
    if assessment.tier is None:
        refuse(
            _(
                "The household is no longer eligible (%(figures)s): exit the file with the "
                "reason “income recovered”."
            )
            % {"figures": describe(assessment)},
            code="not_eligible",
        )
    before = snapshot(household, AUDITED)
    _set_figures(household, figures, assessment, people)
    household.reverified_on = timezone.localdate()
    return _save_changes(actor, "hardship.reverify", household, before=before, people=people)


def household_exit(
    *, actor: Any, household: Household, reason: str, exited_on: dt.date, note: str = ""
) -> Household:
    """Close an active file (脱困退出 and other exits); its people may be filed again."""
    require_editor(actor)
    require_visible(actor, household, None)
    if household.status != Status.ACTIVE:
        refuse(_("Only an active file can exit."), code="state")
    if reason not in ExitReason.values:
        refuse(_("Choose why the file exits."), code="required", field="reason")
    if exited_on > timezone.localdate() or exited_on < (household.activated_on or exited_on):
        refuse(
            _("The exit date must lie between the approval and today."),
            code="date",
            field="exited_on",
        )
    before = snapshot(household, AUDITED)
    household.status, household.exit_reason = Status.EXITED, reason
    household.exited_on, household.exit_note = exited_on, note.strip()
    with transaction.atomic():
        household.save()
        persons.release(household)
        audit.record(
            actor=actor,
            action="hardship.exit",
            obj=household,
            before=before,
            after=snapshot(household, AUDITED),
        )
    return household


def _save_changes(
    actor: Any,
    action: str,
    household: Household,
    *,
    before: dict[str, Any],
    people: People,
) -> Household:
    with transaction.atomic():
        household.save()
        persons.claim(household, people.numbers)
        household.members.all().delete()
        _save_members(household, people.members)
        after = snapshot(household, AUDITED)
        audit.record(
            actor=actor, action=action, obj=household, changes=audit.changed_fields(before, after)
        )
    return household


def _people(applicant_id: str, members: Sequence[Person]) -> People:
    """The applicant's and the members' ID numbers, checked; nobody twice in one file."""
    applicant = _resident(applicant_id, field="id_number")
    people = People(applicant, [(p, _resident(p.id_number, name=p.name)) for p in members])
    if len(set(people.numbers)) != len(people.numbers):
        refuse(_("The same person is entered twice in this file."), code="twice")
    return people


def _resident(raw: str, *, field: str | None = None, name: str = "") -> str:
    try:
        return ids.parse_resident_id(raw).number
    except ValidationError as error:
        message = " ".join(error.messages)
        refuse(f"{name}: {message}" if name else message, code="id_number", field=field)


def _assess(figures: Figures, people: People) -> Assessment:
    size = len(people.numbers)
    return assess(income=figures.income, expenses=figures.expenses, size=size, cause=figures.cause)


def _eligible(figures: Figures, people: People) -> Assessment:
    assessment = _assess(figures, people)
    if assessment.tier is None:
        refuse(
            _(
                "The household is not eligible for a hardship file: %(figures)s, and no "
                "accident, disaster or serious illness cost more than %(share)s of the "
                "income."
            )
            % {"figures": describe(assessment), "share": f"{assessment.accident_share:.0%}"},
            code="not_eligible",
        )
    return assessment


def _set_applicant(household: Household, number: str) -> None:
    household.applicant_id_cipher = crypto.encrypt(number)
    household.applicant_id_blind = crypto.blind_index(number)


def _set_figures(
    household: Household, figures: Figures, assessment: Assessment, people: People
) -> None:
    """The declared figures and their tier; the file is relocated (转岗分流) when the cadre
    says so or when one of its people is on the relocation register."""
    household.income, household.expenses, household.cause = (
        figures.income, figures.expenses, figures.cause)  # fmt: skip
    blinds = [crypto.blind_index(number) for number in people.numbers]
    household.relocated = figures.relocated or bool(relocated_among(blinds))
    household.size = assessment.size
    household.tier = assessment.tier or ""
    household.minimum_living = assessment.minimum_living
    household.accident_share = assessment.accident_share


def _save_members(household: Household, members: list[tuple[Person, str]]) -> None:
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            household=household,
            name=clean_name(person.name, None),
            relation=person.relation,
            id_cipher=crypto.encrypt(number),
            id_blind=crypto.blind_index(number),
        )
        for person, number in members
    )


def _require_review_line(union: Union) -> None:
    """A file is reviewed by its union, a street federation and a district federation: it is
    held by a grassroots union or a street federation with both above it."""
    kinds = set(
        Union.objects.filter(path__in=ancestor_paths(union.path)).values_list("kind", flat=True)
    )
    if union.kind not in HOLDING_KINDS or not {Union.Kind.STREET, Union.Kind.DISTRICT} <= kinds:
        refuse(
            _(
                "%(union)s cannot hold a hardship file: a file is held by a grassroots union or "
                "a street federation under a district federation."
            )
            % {"union": union},
            code="union",
            field="union",
        )


def clean_name(name: str, field: str | None) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        refuse(_("The name is missing."), code="required", field=field)
    return cleaned


def _title(household: Household) -> str:
    # Read later by the cadres: in the deployment's language, not this request's.
    with translation.override(settings.LANGUAGE_CODE):
        return (
            _("Hardship file %(number)s: %(name)s")
            % {"number": household.number, "name": household.applicant_name}
        )[:200]
