"""One open file per person city-wide (一户一档): the persons index of the files.

`claim` refuses a person already in another open file, naming only that file's number and
holding union (its people may lie outside the user's subtree); the partial unique index
`one_open_file_per_person` is the guarantee when two cadres register the same person at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core import crypto
from gonghui.core.services import refuse
from gonghui.hardship.models import Household, HouseholdPerson


def claim(household: Household, numbers: Iterable[str]) -> None:
    """Make `numbers` (valid ID numbers) the persons of `household`, an open file."""
    by_blind = {crypto.blind_index(number): number for number in numbers}
    taken = (
        HouseholdPerson.objects.filter(id_blind__in=by_blind, open=True)
        .exclude(household=household)
        .select_related("household__union")
        .first()
    )
    if taken is not None:
        other = taken.household
        refuse(
            _(
                "The person with ID number %(id)s is already in the open hardship file %(number)s "
                "held by %(union)s: a household has one file."
            )
            % {
                "id": crypto.mask_id_number(by_blind[taken.id_blind]),
                "number": other.number,
                "union": other.union.name,
            },
            code="duplicate_person",
        )
    HouseholdPerson.objects.filter(household=household).delete()
    try:
        with transaction.atomic():
            HouseholdPerson.objects.bulk_create(
                HouseholdPerson(household=household, id_blind=blind) for blind in by_blind
            )
    except IntegrityError:
        refuse(
            _(
                "One of these people was entered in another hardship file a moment ago: "
                "check the ID numbers and try again."
            ),
            code="duplicate_person",
        )


def release(household: Household) -> None:
    """The file is no longer open (rejected, exited): its persons may be filed again."""
    HouseholdPerson.objects.filter(household=household).update(open=False)
