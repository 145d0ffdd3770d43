"""The service platform in the demo city: cases, hardship files, legal aid, relocated workers.

Each domain that has demo records declares them in its own `demodata.py`:

    def demo_tables(city: DemoCity) -> Iterable[Table]

yielding (model, columns, rows) for the bulk loader, ids explicit, and opening its cases
through `city.cases` (one `CaseRows` for all domains, loaded last). Records are placed at the
unions of the demo accounts (`Place`), so signing in as `g…`, `s…` or `d…` shows work waiting.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from random import Random

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.accounts.models import Role
from gonghui.cases.demorows import CaseRows, Table
from gonghui.core import bulk, crypto
from gonghui.employers.models import Employer
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Union

PEOPLE_PER_PLACE = 40


@dataclass(frozen=True)
class Person:
    """An active member of a place's grassroots union, in clear for the demo's own use."""

    member_id: int
    name: str
    id_number: str
    mobile: str


@dataclass(frozen=True)
class Place:
    """A demo grassroots union with its street and district federations and their cadres."""

    district_code: str
    grassroots: int
    street: int
    district: int
    cadres: dict[str, int]  # Role → user id
    employer: int  # an employer the grassroots union covers
    people: list[Person]


@dataclass
class DemoCity:
    rng: Random
    today: dt.date
    places: list[Place]
    password_hash: str  # for demo workers' portal accounts: the demo accounts' password
    cases: CaseRows = field(default_factory=CaseRows)

    def moment(self, days_ago: float) -> dt.datetime:
        """09:00 local time on the demo's day, less `days_ago` days (a fraction adds hours)."""
        nine = dt.datetime.combine(self.today, dt.time(9), tzinfo=timezone.get_current_timezone())
        return nine - dt.timedelta(days=days_ago)


def demo_places() -> list[Place]:
    """The places of the demo accounts: one per district with a grassroots cadre."""
    users = get_user_model().objects.filter(org__isnull=False)
    by_union = {user.org_id: (user.role, user.pk) for user in users}
    places = []
    for user in users.filter(role=Role.GRASSROOTS).select_related("org__parent__parent__area"):
        grassroots = user.org
        street, district = grassroots.parent, grassroots.parent.parent
        cadres = {by_union[node.pk][0]: by_union[node.pk][1] for node in (grassroots, street,
                  district) if node.pk in by_union}  # fmt: skip
        employer = Employer.objects.filter(union=grassroots).order_by("pk").first()
        if employer is None:
            continue
        places.append(Place(
            district_code=district.area.code, grassroots=grassroots.pk, street=street.pk,
            district=district.pk, cadres=cadres, employer=employer.pk,
            people=_people(grassroots),
        ))  # fmt: skip
    return sorted(places, key=lambda place: place.district_code)


def _people(union: Union) -> list[Person]:
    rows = Member.objects.filter(union=union, status=Status.ACTIVE).order_by("pk")
    return [
        Person(
            pk,
            name,
            crypto.decrypt(id_cipher),
            crypto.decrypt(mobile_cipher) if mobile_cipher else "",
        )
        for pk, name, id_cipher, mobile_cipher in rows.values_list(
            "pk", "name", "id_cipher", "mobile_cipher"
        )[:PEOPLE_PER_PLACE]
    ]


def service_tables(*, seed: int, today: dt.date, password: str) -> Iterator[Table]:
    """Every domain's demo tables, then the cases they opened."""
    city = DemoCity(Random(seed + 1), today, demo_places(), make_password(password))
    for module in _demodata_modules():
        yield from module.demo_tables(city)
    yield from city.cases.tables()


def load_service_tables(
    *, seed: int, today: dt.date, password: str
) -> list[tuple[type, int, float]]:
    """Load them (inside the demo's transaction); (model, rows, seconds) for the summary, the
    seconds those of generating and loading the model's rows."""
    loaded: dict[type, tuple[int, float]] = {}
    started = time.monotonic()
    for model, columns, rows in service_tables(seed=seed, today=today, password=password):
        written = bulk.load_rows(model, columns, rows)
        count, seconds = loaded.get(model, (0, 0.0))
        loaded[model] = (count + written, seconds + time.monotonic() - started)
        started = time.monotonic()
    bulk.reset_sequences(loaded)
    return [(model, count, seconds) for model, (count, seconds) in loaded.items()]


def _demodata_modules() -> Iterable:
    for app in apps.get_app_configs():
        if app.name.startswith("gonghui.") and app.module is not None:
            try:
                yield import_module(f"{app.name}.demodata")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.demodata":
                    raise
