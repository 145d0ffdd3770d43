"""The demo city's employers (法人单位): where they are, who owns them, how many work there,
whether a union covers them, and their workers' congresses and collective contracts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from random import Random

from gonghui.demo import names
from gonghui.demo.identifiers import CreditCodes
from gonghui.demo.places import District
from gonghui.demo.scales import Scale
from gonghui.employers.models import NON_PUBLIC_OWNERSHIP, PUBLIC_OWNERSHIP, CollectiveContract

UNION_COVERAGE = 0.87  # 法人单位建会率, near the plan's ≥ 85%
CONGRESS_NON_PUBLIC_LARGE = 0.86  # 职代会建制率 of non-public employers with 100+ workers
CONTRACT_IN_FORCE = 0.975  # 集体协商建制率 among unionised employers
MEMBERSHIP_RATE = (0.80, 0.90)  # 入会率 range within a unionised employer
# Chance of an employer's own union (独立建会) by headcount; the rest may join a joint union.
OWN_UNION_CHANCE = ((100, 0.90), (25, 0.70), (10, 0.30), (0, 0.03))
# Share of the headcount in unionised employers, used to aim the headcounts at the member target.
UNIONISED_HEADCOUNT_SHARE = 0.93
NEW_THIS_YEAR = 0.12  # unionised employers covered during the current year

OWNERSHIP_LARGE = {"private": 45, "state": 15, "state_ctrl": 15, "foreign": 10, "hmt": 5,
                   "collective": 3, "other": 7}  # fmt: skip
OWNERSHIP_SMALL = {"private": 820, "state": 20, "state_ctrl": 15, "collective": 30,
                   "foreign": 20, "hmt": 15, "other": 80}  # fmt: skip
INDUSTRY_PUBLIC = {"B": 4, "C": 20, "D": 8, "E": 12, "F": 6, "G": 10, "J": 8, "K": 5, "M": 5,
                   "N": 6, "P": 6, "Q": 6, "R": 4}  # fmt: skip
INDUSTRY_NON_PUBLIC = {"A": 3, "C": 30, "E": 9, "F": 20, "G": 5, "H": 8, "I": 3, "K": 3, "L": 6,
                       "M": 3, "O": 6, "P": 1, "Q": 1, "R": 2}  # fmt: skip
OTHER_CODE_PREFIXES = ("52", "52", "51", "93", "Y1")  # 民办非企业, 社会团体, 合作社, 其他


@dataclass(frozen=True)
class Street:
    """A town or street (乡镇街道) and the county it belongs to."""

    code: str
    name: str
    district: District


@dataclass(slots=True)
class PlannedEmployer:
    id: int
    street: Street
    ownership: str
    industry: str
    headcount: int
    credit_code: str = ""
    name: str = ""
    coverage: str = ""  # "own", "joint" or "" (not unionised)
    union_id: int | None = None
    congress_since: dt.date | None = None
    registered_on: dt.date | None = None
    unionised_on: dt.date | None = None
    member_count: int = 0

    @property
    def is_public(self) -> bool:
        return self.ownership in PUBLIC_OWNERSHIP


def plan_employers(
    rng: Random, scale: Scale, streets: list[Street], codes: CreditCodes, *, today: dt.date
) -> list[PlannedEmployer]:
    """Employers with identity, size and coverage decided; unions are attached by the tree."""
    # Towns (镇) host fewer employers than urban streets (街道).
    weights = [s.district.weight * (3 if s.name.endswith("街道") else 1) for s in streets]
    located = rng.choices(streets, weights=weights, k=scale.employers)
    headcounts = _headcounts(rng, scale)
    employers = []
    for number, (street, headcount) in enumerate(zip(located, headcounts, strict=True), 1):
        ownership = _draw(rng, OWNERSHIP_LARGE if headcount >= 300 else OWNERSHIP_SMALL)
        industry = _draw(
            rng, INDUSTRY_PUBLIC if ownership in PUBLIC_OWNERSHIP else INDUSTRY_NON_PUBLIC
        )
        employer = PlannedEmployer(number, street, ownership, industry, headcount)
        _name(rng, employer, codes)
        employers.append(employer)
    _cover(rng, employers)
    _congresses(rng, employers, today=today)
    # Dates from their own stream: the draws above stay what they were.
    _dates(Random(rng.random()), employers, today=today)
    for employer in employers:
        if employer.coverage:
            low, high = MEMBERSHIP_RATE
            employer.member_count = round(employer.headcount * rng.uniform(low, high))
    return employers


def _headcounts(rng: Random, scale: Scale) -> list[int]:
    """Heavy-tailed headcounts (Pareto): most employers are small, a few employ thousands.

    They are scaled so that the members of unionised employers land near `scale.members`.
    """
    raw = [min(rng.paretovariate(1.1), 10_000.0) for _ in range(scale.employers)]
    wanted = scale.members / (sum(MEMBERSHIP_RATE) / 2) / UNIONISED_HEADCOUNT_SHARE
    factor = wanted / sum(raw)
    return [max(1, min(scale.max_headcount, round(value * factor))) for value in raw]


def _draw(rng: Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: Random, employer: PlannedEmployer, codes: CreditCodes) -> None:
    """Credit code and name go together: a sole trader (92) is a shop, a 12 an institution."""
    prefix = _credit_prefix(rng, employer)
    district = employer.street.district
    employer.credit_code = codes.draw(prefix, district.code)
    if prefix == "91":
        employer.name = names.company_name(
            rng,
            district=district.name,
            industry=employer.industry,
            large=employer.headcount >= 300,
        )
    elif prefix == "92":
        employer.name = names.shop_name(rng, district=district.name)
    else:
        employer.name = names.unit_name(
            rng, kind=prefix, district=district.name, street=employer.street.name
        )


def _credit_prefix(rng: Random, employer: PlannedEmployer) -> str:
    if employer.is_public and employer.industry in "PQ":
        return "12"  # public institutions (事业单位) are registered by 机构编制
    if employer.ownership == "other":
        return rng.choice(OTHER_CODE_PREFIXES)
    if employer.ownership == "collective" and rng.random() < 0.2:
        return "N2"  # a village collective economic organisation (村级集体经济组织)
    small_trade = employer.headcount < 10 and employer.industry in "FHO"
    if employer.ownership == "private" and small_trade and rng.random() < 0.4:
        return "92"
    return "91"


def _cover(rng: Random, employers: list[PlannedEmployer]) -> None:
    """Own unions first (state-owned employers always organise), then joint unions for enough
    of the rest to reach the coverage target."""
    for employer in employers:
        if employer.is_public:
            employer.coverage = "own" if employer.headcount >= 10 else "joint"
            continue
        chance = next(p for low, p in OWN_UNION_CHANCE if employer.headcount >= low)
        if rng.random() < chance:
            employer.coverage = "own"
    uncovered = [employer for employer in employers if not employer.coverage]
    still_needed = UNION_COVERAGE * len(employers) - (len(employers) - len(uncovered))
    chance = max(0.0, still_needed / len(uncovered)) if uncovered else 0.0
    for employer in uncovered:
        if rng.random() < chance:
            employer.coverage = "joint"


def _congresses(rng: Random, employers: list[PlannedEmployer], *, today: dt.date) -> None:
    """Workers' congresses (职代会): every state-owned employer; the plan's 86% of non-public
    employers with 100+ workers; fewer among smaller ones. A congress needs a union."""
    large_non_public = [
        e for e in employers if e.ownership in NON_PUBLIC_OWNERSHIP and e.headcount >= 100
    ]
    wanted = round(CONGRESS_NON_PUBLIC_LARGE * len(large_non_public))
    unionised = [employer for employer in large_non_public if employer.coverage]
    with_congress = {e.id for e in rng.sample(unionised, min(wanted, len(unionised)))}
    for employer in employers:
        if not employer.coverage:
            continue
        if employer.is_public or employer.id in with_congress:
            chance = 1.0
        elif employer.headcount >= 100 and employer.ownership in NON_PUBLIC_OWNERSHIP:
            chance = 0.0
        else:
            chance = 0.3 if employer.headcount >= 25 else 0.05
        if rng.random() < chance:
            employer.congress_since = day_between(rng, dt.date(2000, 1, 1), today)


def _dates(rng: Random, employers: list[PlannedEmployer], *, today: dt.date) -> None:
    """Registration and coverage dates: most employers unionised years ago, about one in
    eight during this year, so that the year's figures move (trend lines, paced targets)."""
    new_year = dt.date(today.year, 1, 1)
    for employer in employers:
        employer.registered_on = day_between(rng, dt.date(1990, 1, 1), new_year)
        if not employer.coverage:
            continue
        recent = rng.random() < NEW_THIS_YEAR
        first = new_year if recent else employer.registered_on
        last = today if recent else new_year - dt.timedelta(days=1)
        employer.unionised_on = day_between(rng, first, last)
        if employer.congress_since is not None:
            employer.congress_since = max(employer.congress_since, employer.unionised_on)


def contract_rows(
    rng: Random, employers: list[PlannedEmployer], *, today: dt.date
) -> Iterator[tuple]:
    """Collective contracts (集体合同) of unionised employers: almost all have one in force,
    some also a special wage contract, some an expired predecessor; the rest only an expired
    one or none. Rows: (id, employer_id, kind, signed_on, expires_on, document)."""
    general, wages = CollectiveContract.Kind.GENERAL.value, CollectiveContract.Kind.WAGES.value
    number = 0
    for employer in employers:
        if not employer.coverage:
            continue
        contracts = []
        if rng.random() < CONTRACT_IN_FORCE:
            signed = today - dt.timedelta(days=rng.randrange(1, 1000))
            contracts.append((general, signed, _years_later(signed, 3)))
            if rng.random() < 0.15:
                earlier = signed - dt.timedelta(days=3 * 365)
                contracts.append((general, earlier, _years_later(earlier, 3)))
            if rng.random() < 0.10:
                contracts.append((wages, signed, _years_later(signed, 1)))
        elif rng.random() < 0.6:
            signed = today - dt.timedelta(days=rng.randrange(1200, 2200))
            contracts.append((general, signed, _years_later(signed, 3)))
        for kind, signed_on, expires_on in contracts:
            number += 1
            yield (number, employer.id, kind, signed_on, expires_on, "")


def employer_rows(employers: list[PlannedEmployer]) -> Iterator[tuple]:
    """(id, credit_code, name, ownership, industry, headcount, area_id, union_id,
    congress_since, registered_on, unionised_on)."""
    for e in employers:
        yield (
            e.id,
            e.credit_code,
            e.name,
            e.ownership,
            e.industry,
            e.headcount,
            e.street.code,
            e.union_id,
            e.congress_since,
            e.registered_on,
            e.unionised_on,
        )


def day_between(rng: Random, first: dt.date, last: dt.date) -> dt.date:
    """One draw whatever the span, so the city stays the same whichever day it is loaded."""
    return first + dt.timedelta(days=int(rng.random() * ((last - first).days + 1)))


def _years_later(day: dt.date, years: int) -> dt.date:
    """The last day of a term of `years` (365-day) years starting on `day`."""
    return day + dt.timedelta(days=365 * years - 1)
