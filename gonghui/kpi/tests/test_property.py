"""On random trees (hypothesis): every metric at every node equals the independent recount,
whatever the shape of the tree, the records and the day."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.employers.models import CollectiveContract, Employer, Ownership
from gonghui.kpi.tests.recount import recount
from gonghui.kpi.tests.test_engine import engine_figures
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Area, SixHaves, SixHavesAssessment, Union
from gonghui.orgs.services import union_add

TODAY = timezone.localdate()
offsets = st.integers(min_value=-60, max_value=400)  # days before today (negative: future)

employer = st.fixed_dictionaries(
    {
        "street": st.integers(0, 5),
        "union": st.none() | st.integers(0, 8),
        "ownership": st.sampled_from(Ownership.values),
        "headcount": st.integers(1, 300),
        "congress": st.none() | offsets,
        "registered": st.none() | offsets,
        "unionised": st.none() | offsets,
        "contract": st.none() | st.tuples(offsets, st.integers(1, 900)),
    }
)
member = st.fixed_dictionaries(
    {
        "union": st.integers(0, 8),
        "joined": offsets,
        "status": st.sampled_from(Status.values),
        "left": st.none() | offsets,
    }
)
tree_shape = st.fixed_dictionaries(
    {
        "districts": st.integers(1, 3),
        "streets": st.lists(
            st.booleans(), min_size=6, max_size=6
        ),  # does street i have a federation
        "grassroots": st.lists(
            st.tuples(st.integers(0, 5), st.none() | offsets), min_size=1, max_size=9
        ),
        "six_haves": st.lists(
            st.tuples(st.integers(0, 8), st.integers(0, 5), offsets), max_size=30
        ),
    }
)


class RollbackError(Exception):
    pass


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    shape=tree_shape,
    employers=st.lists(employer, max_size=14),
    members=st.lists(member, max_size=20),
    day_back=st.integers(0, 420),
)
def test_random_trees_match_the_recount(
    db: None, shape: dict, employers: list[dict], members: list[dict], day_back: int
) -> None:
    try:
        with transaction.atomic():
            day = TODAY - dt.timedelta(days=day_back)
            _build(shape, employers, members)
            assert engine_figures(day) == recount(day)
            raise RollbackError
    except RollbackError:
        pass


def _day(offset: int | None) -> dt.date | None:
    return None if offset is None else TODAY - dt.timedelta(days=offset)


def _build(shape: dict, employers: list[dict], members: list[dict]) -> None:
    city_area = Area.objects.create(code="320300", name="市", level="city")
    city = union_add(actor=None, parent=None, name="市总工会", kind=Union.Kind.CITY, area=city_area)
    districts, streets, federations = [], [], []
    for d in range(shape["districts"]):
        area = Area.objects.create(
            code=f"32030{d + 1}", name=f"区{d}", level="district", parent=city_area
        )
        districts.append(area)
        federations.append(
            union_add(
                actor=None, parent=city, name=f"区{d}总工会", kind=Union.Kind.DISTRICT, area=area
            )
        )
    for s, has_federation in enumerate(shape["streets"]):
        district = s % len(districts)
        area = Area.objects.create(
            code=f"{districts[district].code}{s:03d}",
            name=f"街{s}",
            level="street",
            parent=districts[district],
        )
        streets.append(area)
        if has_federation:
            federations.append(
                union_add(
                    actor=None,
                    parent=federations[district],
                    name=f"街{s}总工会",
                    kind=Union.Kind.STREET,
                    area=area,
                )
            )
    grassroots = [
        union_add(
            actor=None,
            parent=federations[street % len(federations)],
            name=f"基层{i}",
            kind=Union.Kind.GRASSROOTS,
            founded_on=_day(founded),
        )
        for i, (street, founded) in enumerate(shape["grassroots"])
    ]
    for union, item, assessed in shape["six_haves"]:
        SixHavesAssessment.objects.update_or_create(
            union=grassroots[union % len(grassroots)],
            item=SixHaves.values[item],
            defaults={"met": True, "assessed_on": _day(assessed)},
        )
    serials = count(1)
    for e in employers:
        union = None if e["union"] is None else grassroots[e["union"] % len(grassroots)]
        record = Employer.objects.create(
            credit_code=f"91320300{next(serials):010d}",
            name="单位",
            ownership=e["ownership"],
            industry="C",
            headcount=e["headcount"],
            area=streets[e["street"]],
            union=union,
            congress_since=_day(e["congress"]),
            registered_on=_day(e["registered"]),
            unionised_on=_day(e["unionised"]) if union else None,
        )
        if e["contract"]:
            signed = _day(e["contract"][0])
            CollectiveContract.objects.create(
                employer=record,
                signed_on=signed,
                expires_on=signed + dt.timedelta(days=e["contract"][1]),
            )
    for m in members:
        ended = m["status"] != Status.ACTIVE
        Member.objects.create(
            name="会员",
            name_initials="hy",
            id_cipher=b"x",
            id_blind=f"blind{next(serials)}",
            gender="M",
            birth_date=dt.date(1990, 1, 1),
            union=grassroots[m["union"] % len(grassroots)],
            joined_on=_day(m["joined"]),
            status=m["status"],
            left_on=_day(m["left"]) if ended else None,
        )
