"""The demo city's areas and union tree (市总工会 > 县区总工会 and 产业工会 > 乡镇街道总工会 >
基层工会), with ids and materialized paths computed here so nothing needs a round-trip."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from random import Random

from gonghui.demo.identifiers import CreditCodes
from gonghui.demo.places import CITY_CODE, CITY_NAME, DISTRICTS
from gonghui.demo.workplaces import PlannedEmployer, Street, day_between
from gonghui.orgs.models import SixHaves, Union

# Plain strings: the drivers get `str`, not the choices' enum members.
CITY, DISTRICT, INDUSTRY = (
    Union.Kind.CITY.value,
    Union.Kind.DISTRICT.value,
    Union.Kind.INDUSTRY.value,
)
STREET, GRASSROOTS, JOINT = (
    Union.Kind.STREET.value,
    Union.Kind.GRASSROOTS.value,
    Union.Kind.JOINT.value,
)

# City-level industry unions (产业工会) and the GB/T 4754 sections they organise.
INDUSTRY_UNIONS = {
    "徐州市能源化工工会": "BD",
    "徐州市机械冶金工会": "C",
    "徐州市建设工会": "EK",
    "徐州市交通运输工会": "G",
    "徐州市财贸工会": "FHJ",
    "徐州市教科文卫工会": "MPQR",
}
# Large state-owned employers whose union belongs to an industry union rather than the street.
INDUSTRY_UNION_MIN_HEADCOUNT = 300
JOINT_UNION_LABELS = {"C": "制造业行业", "E": "建筑业行业", "F": "商贸行业", "G": "物流行业",
                      "H": "餐饮住宿行业"}  # fmt: skip
SIX_HAVES_ALL_MET = 0.70  # the plan's "六有"合格职工之家 share


@dataclass(slots=True)
class PlannedUnion:
    id: int
    name: str
    kind: str
    parent_id: int | None
    path: str
    area_id: str | None
    credit_code: str
    founded_on: dt.date
    member_count: int = 0


@dataclass
class UnionTree:
    rng: Random
    codes: CreditCodes
    unions: list[PlannedUnion] = field(default_factory=list)
    # Per district code: its federation and its street federations.
    districts: dict[str, PlannedUnion] = field(default_factory=dict)
    streets: dict[str, list[PlannedUnion]] = field(default_factory=dict)

    @property
    def city(self) -> PlannedUnion:
        return self.unions[0]

    def add(
        self, name: str, kind: str, parent: PlannedUnion | None, area: str | None
    ) -> PlannedUnion:
        """A union with the next id; a union's credit code carries its county's area code."""
        number = len(self.unions) + 1
        union = PlannedUnion(
            id=number,
            name=name,
            kind=kind,
            parent_id=parent.id if parent else None,
            path=f"{parent.path if parent else '/'}{number}/",
            area_id=area,
            credit_code=self.codes.draw("81", area[:6] if area else CITY_CODE),
            founded_on=day_between(self.rng, dt.date(1985, 1, 1), dt.date(2024, 12, 31)),
        )
        self.unions.append(union)
        return union


def area_rows(streets: list[Street]) -> list[tuple[str, str, str, str | None]]:
    """(code, name, level, parent_id) of the city, its districts and the given streets."""
    rows: list[tuple[str, str, str, str | None]] = [(CITY_CODE, CITY_NAME, "city", None)]
    rows += [(d.code, d.name, "district", CITY_CODE) for d in DISTRICTS]
    rows += [(s.code, s.name, "street", s.district.code) for s in streets]
    return rows


def build_tree(
    rng: Random,
    codes: CreditCodes,
    streets: list[Street],
    employers: list[PlannedEmployer],
    *,
    joint_size: int,
) -> UnionTree:
    """The tree, with every unionised employer's `union_id` set to its covering union."""
    tree = UnionTree(rng, codes)
    city = tree.add("徐州市总工会", CITY, None, CITY_CODE)
    for district in DISTRICTS:
        tree.districts[district.code] = tree.add(
            f"{district.name}总工会", DISTRICT, city, district.code
        )
        tree.streets[district.code] = []
    by_section = {}
    for name, sections in INDUSTRY_UNIONS.items():
        by_section.update(dict.fromkeys(sections, tree.add(name, INDUSTRY, city, None)))
    by_street: dict[str, list[PlannedEmployer]] = {street.code: [] for street in streets}
    for employer in employers:
        if employer.coverage:
            by_street[employer.street.code].append(employer)
    for street in streets:
        district = tree.districts[street.district.code]
        federation = tree.add(
            f"{street.district.name}{street.name}总工会", STREET, district, street.code
        )
        tree.streets[street.district.code].append(federation)
        covered = by_street[street.code]
        for employer in covered:
            if employer.coverage == "own":
                parent = _own_union_parent(rng, employer, federation, by_section)
                union = tree.add(_own_union_name(employer), GRASSROOTS, parent, street.code)
                _attach(union, [employer])
        _add_joint_unions(tree, federation, street, covered, joint_size)
    return tree


def _add_joint_unions(
    tree: UnionTree,
    federation: PlannedUnion,
    street: Street,
    covered: list[PlannedEmployer],
    size: int,
) -> None:
    """联合基层工会 of a street, `size` small employers each, taken in order of their trade:
    named after the trade where it has a label (行业性), otherwise after the area (区域性)."""
    joint = sorted((e for e in covered if e.coverage == "joint"), key=lambda e: e.industry)
    labels: Counter[str] = Counter()
    for start in range(0, len(joint), size):
        group = joint[start : start + size]
        label = JOINT_UNION_LABELS.get(group[0].industry, "区域")
        labels[label] += 1
        suffix = f"（{labels[label]}）" if labels[label] > 1 else ""
        union = tree.add(
            f"{street.name}{label}联合工会委员会{suffix}", JOINT, federation, street.code
        )
        _attach(union, group)


def _own_union_parent(
    rng: Random,
    employer: PlannedEmployer,
    federation: PlannedUnion,
    by_section: dict[str, PlannedUnion],
) -> PlannedUnion:
    large_state = employer.is_public and employer.headcount >= INDUSTRY_UNION_MIN_HEADCOUNT
    if large_state and employer.industry in by_section and rng.random() < 0.7:
        return by_section[employer.industry]
    return federation


def _own_union_name(employer: PlannedEmployer) -> str:
    """A union committee (工会委员会) from 25 members; below that an organiser may lead it."""
    return f"{employer.name}{'工会委员会' if employer.member_count >= 25 else '工会'}"


def _attach(union: PlannedUnion, employers: list[PlannedEmployer]) -> None:
    for employer in employers:
        employer.union_id = union.id
        union.member_count += employer.member_count


def union_rows(tree: UnionTree) -> Iterator[tuple]:
    """(id, name, kind, parent_id, path, area_id, credit_code, founded_on)."""
    for u in tree.unions:
        yield (u.id, u.name, u.kind, u.parent_id, u.path, u.area_id, u.credit_code, u.founded_on)


def six_haves_rows(rng: Random, tree: UnionTree, *, today: dt.date) -> Iterator[tuple]:
    """One assessment per item for every grassroots union; about 70% meet all six, the rest
    miss one to three. Rows: (id, union_id, item, met, assessed_on, evidence, note)."""
    items = [item.value for item in SixHaves]
    number = 0
    for union in tree.unions:
        if union.kind not in Union.GRASSROOTS_KINDS:
            continue
        missed = (
            set() if rng.random() < SIX_HAVES_ALL_MET else set(rng.sample(items, rng.randint(1, 3)))
        )
        assessed_on = today - dt.timedelta(days=rng.randrange(330))
        for item in items:
            number += 1
            yield (number, union.id, item, item not in missed, assessed_on, "", "")
