"""The demo city's members (会员): real-name records, encrypted as the member services store them.

This is the hot loop of a city load (two million rows), hence plain tuples, `random()` rather
than `randrange` and the per-employer values hoisted out of the inner loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from random import Random

from gonghui.core import crypto
from gonghui.demo.identifiers import ResidentIds
from gonghui.demo.names import person_name, weighted_surnames
from gonghui.demo.places import DISTRICTS
from gonghui.demo.workplaces import PlannedEmployer
from gonghui.members.models import Gender, Status
from gonghui.members.pinyin import name_initials

COLUMNS = (
    "id", "name", "name_initials", "id_cipher", "id_blind", "gender", "birth_date",
    "mobile_cipher", "mobile_blind", "mobile_last4", "employer_id", "union_id", "joined_on",
    "status", "left_on", "is_migrant_worker", "consent_on", "updated_at",
)  # fmt: skip

# 农民工: about 30% of members overall, most in construction, manufacturing and services.
MIGRANT_CHANCE = {"E": 0.75, "C": 0.40, "H": 0.45, "G": 0.35, "O": 0.40, "N": 0.30, "A": 0.30}
MIGRANT_CHANCE_ELSEWHERE = 0.10
FEMALE_SHARE = {"C": 0.35, "E": 0.12, "B": 0.10, "G": 0.25, "P": 0.70, "Q": 0.72, "H": 0.55,
                "F": 0.55, "J": 0.55}  # fmt: skip
FEMALE_SHARE_ELSEWHERE = 0.45
HOME_DISTRICT_CHANCE = 0.65  # otherwise the ID was issued in another district of the city
WITH_MOBILE = 0.98
LEFT_CHANCE = 0.005
RETIRED_CHANCE_OVER_60 = 0.2
PIPL_IN_FORCE = dt.date(2021, 11, 1)  # consent is recorded from the day PIPL applies
ADULT_DAYS = 18 * 365 + 5
EARLIEST_JOINING = dt.date(2000, 1, 1)
MOBILE_SECOND_DIGITS = "3456789"
# Plain strings: the drivers get `str`, not the choices' enum members.
ACTIVE, LEFT, RETIRED = Status.ACTIVE.value, Status.LEFT.value, Status.RETIRED.value
MALE, FEMALE = Gender.MALE.value, Gender.FEMALE.value


def member_rows(
    rng: Random,
    employers: list[PlannedEmployer],
    *,
    today: dt.date,
    updated_at: dt.datetime,
    on_progress: Callable[[int], None],
    progress_every: int = 100_000,
) -> Iterator[tuple]:
    """Rows in the order of `COLUMNS`, `employer.member_count` for each unionised employer."""
    random = rng.random
    ids = ResidentIds(rng)
    surnames = weighted_surnames()
    district_codes = [district.code for district in DISTRICTS]
    earliest, last = EARLIEST_JOINING.toordinal(), today.toordinal() - 7
    pipl, pipl_days = PIPL_IN_FORCE.toordinal(), (today - PIPL_IN_FORCE).days
    retirement_born = today.replace(year=today.year - 60)
    number = 0
    for employer in employers:
        home = employer.street.district.code
        migrant_chance = MIGRANT_CHANCE.get(employer.industry, MIGRANT_CHANCE_ELSEWHERE)
        female_share = FEMALE_SHARE.get(employer.industry, FEMALE_SHARE_ELSEWHERE)
        for _ in range(employer.member_count):
            number += 1
            male = random() >= female_share
            area = home if random() < HOME_DISTRICT_CHANCE else district_codes[int(random() * 10)]
            id_number, birth = ids.draw(area, male=male)
            name = person_name(rng, surnames, male=male)
            mobile = f"1{MOBILE_SECOND_DIGITS[int(random() * 7)]}{int(random() * 1e9):09d}"
            if random() >= WITH_MOBILE:
                mobile = ""
            # As many draws whatever the dates: the same seed gives the same people any day.
            joining, consenting, leaving, retiring = random(), random(), random(), random()
            first_day = max(earliest, birth.toordinal() + ADULT_DAYS)
            joined = first_day + int(joining * (last - first_day))
            consent = joined if joined >= pipl else pipl + int(consenting * pipl_days)
            status, left = ACTIVE, None
            # The draw that ended a membership, scaled to [0, 1), also says when.
            if leaving < LEFT_CHANCE:
                status, left = LEFT, joined + int(leaving / LEFT_CHANCE * (last - joined))
            elif birth < retirement_born and retiring < RETIRED_CHANCE_OVER_60:
                ended = retiring / RETIRED_CHANCE_OVER_60
                status, left = RETIRED, joined + int(ended * (last - joined))
            yield (
                number, name, name_initials(name), crypto.encrypt(id_number),
                crypto.blind_index(id_number), MALE if male else FEMALE, birth,
                crypto.encrypt(mobile) if mobile else None,
                crypto.blind_index(mobile) if mobile else "", mobile[-4:], employer.id,
                employer.union_id, dt.date.fromordinal(joined), status,
                left and dt.date.fromordinal(left),
                random() < migrant_chance, dt.date.fromordinal(consent), updated_at,
            )  # fmt: skip
            if number % progress_every == 0:
                on_progress(number)
