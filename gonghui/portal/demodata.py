"""The worker portal in the demo city: workers with a proven identity, their applications to join
(入会申请: approved, waiting, one overdue) and a transfer request (会籍接转) at each place.

`CaseRows` does not run a step's effect, so the records are written as the effect leaves them:
an approved application's applicant is already a member (a person of the place, whose joining
date becomes the day of approval) and the case names the member; an applicant still waiting is
a new person whom the registry does not know; a worker asking for a transfer is a member of
another place's union.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from random import Random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.functional import Promise

from gonghui.accounts.models import Role
from gonghui.cases.demorows import Table
from gonghui.core import bulk, crypto
from gonghui.demo.identifiers import ResidentIds
from gonghui.demo.names import person_name, weighted_surnames
from gonghui.demo.services import DemoCity, Person, Place
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.portal.models import WorkerProfile
from gonghui.portal.services import JOIN_TITLE, TRANSFER_TITLE, worker_username
from gonghui.portal.workflows import MEMBERSHIP, TRANSFER

APPROVED = 3  # applications approved at each place
WAITING = 2  # still submitted at each place, the first of them past its deadline
USER_COLUMNS = ("id", "username", "password", "role", "first_name", "last_name", "email",
                "is_active", "is_staff", "is_superuser", "date_joined", "is_demo")  # fmt: skip
PROFILE_COLUMNS = ("id", "user_id", "mobile_cipher", "mobile_blind", "name", "id_cipher",
                   "id_blind", "verified_at")  # fmt: skip


class Workers:
    """Portal accounts with explicit ids, one per mobile and per ID number."""

    def __init__(self, city: DemoCity) -> None:
        self.city = city
        top = get_user_model().objects.aggregate(top=Max("id"))["top"] or 0
        self.users: list[tuple] = []
        self.profiles: list[tuple] = []
        self.next_id = top + 1
        self.mobiles: set[str] = set()

    def add(self, person: Person, *, days_ago: float) -> int:
        """An account for `person`, signed up and proven `days_ago`; returns the user id."""
        pk, mobile, at = self.next_id, self.mobile_for(person), self.city.moment(days_ago)
        self.next_id += 1
        self.users.append((pk, worker_username(mobile), self.city.password_hash, Role.WORKER.value,
                           person.name, "", "", True, False, False, at, True))  # fmt: skip
        self.profiles.append((
            len(self.profiles) + 1, pk, crypto.encrypt(mobile), crypto.blind_index(mobile),
            person.name, crypto.encrypt(person.id_number), crypto.blind_index(person.id_number),
            at,
        ))  # fmt: skip
        return pk

    def mobile_for(self, person: Person) -> str:
        """The person's mobile, or a new one where it is missing or another account has it."""
        mobile = person.mobile
        while not mobile or mobile in self.mobiles:
            mobile = f"1{self.city.rng.choice('3456789')}{self.city.rng.randrange(10**9):09d}"
        self.mobiles.add(mobile)
        return mobile

    def tables(self) -> Iterator[Table]:
        yield get_user_model(), USER_COLUMNS, self.users
        yield WorkerProfile, PROFILE_COLUMNS, self.profiles


def demo_tables(city: DemoCity) -> Iterator[Table]:
    workers = Workers(city)
    areas = [place.district_code for place in city.places]
    newcomers = iter(_newcomers(city.rng, areas, len(city.places) * WAITING))
    people = [person.member_id for place in city.places for person in place.people]
    employer_of = dict(Member.objects.filter(pk__in=people).values_list("pk", "employer_id"))
    named = {*employer_of.values(), *(place.employer for place in city.places)}
    names = dict(Employer.objects.filter(pk__in=named).values_list("pk", "name"))
    joined = []
    for index, place in enumerate(city.places):
        for person in place.people[:APPROVED]:
            employer = employer_of[person.member_id]
            opened = city.rng.uniform(6, 90)
            approved = city.moment(opened) + dt.timedelta(hours=city.rng.randint(2, 120))
            user = workers.add(person, days_ago=opened + 1)
            city.cases.add(
                MEMBERSHIP, union_id=place.grassroots, opened_by=user, applicant_id=user,
                title=_title(JOIN_TITLE, person, names[employer]), opened_at=city.moment(opened),
                steps=[("approve", place.cadres[Role.GRASSROOTS], approved)],
                data={"employer": employer, "member": person.member_id},
            )  # fmt: skip
            day = timezone.localdate(approved)
            joined.append((person.member_id, day, day))
        for waiting in range(WAITING):
            person = next(newcomers)
            opened = city.rng.uniform(9, 12) if waiting == 0 else city.rng.uniform(0.2, 4)
            user = workers.add(person, days_ago=opened + 0.5)
            city.cases.add(
                MEMBERSHIP, union_id=place.grassroots, opened_by=user, applicant_id=user,
                title=_title(JOIN_TITLE, person, names[place.employer]),
                opened_at=city.moment(opened), data={"employer": place.employer},
            )  # fmt: skip
        _transfer(city, workers, place, city.places[(index + 1) % len(city.places)], names)
    yield from workers.tables()
    bulk.update_rows(Member, ("id", "joined_on", "consent_on"), joined)


def _transfer(city: DemoCity, workers: Workers, place: Place, former: Place,
              names: dict[int, str]) -> None:  # fmt: skip
    """A member of `former`'s union asks to move to `place`'s employer."""
    if former is place or len(former.people) <= APPROVED:
        return
    person = former.people[APPROVED]
    days_ago = city.rng.uniform(0.5, 3)
    user = workers.add(person, days_ago=days_ago + 2)
    title = _title(TRANSFER_TITLE, person, names[place.employer])
    city.cases.add(TRANSFER, union_id=place.grassroots, title=title, opened_by=user,
                   opened_at=city.moment(days_ago), applicant_id=user,
                   data={"employer": place.employer, "from_union": former.grassroots})  # fmt: skip


def _title(template: Promise, person: Person, employer: str) -> str:
    """The case title as `portal.services` writes it: in the deployment's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return (str(template) % {"name": person.name, "employer": employer})[:200]


def _newcomers(rng: Random, areas: list[str], count: int) -> Sequence[Person]:
    """People of the city's districts whom the registry does not know (member_id 0: none)."""
    ids, surnames = ResidentIds(rng), weighted_surnames()
    drawn = []
    for _number in range(count * 2):
        male = rng.random() < 0.5
        number, _born = ids.draw(rng.choice(areas), male=male)
        drawn.append(Person(0, person_name(rng, surnames, male=male), number, ""))
    known = set(Member.objects.filter(
        id_blind__in=[crypto.blind_index(p.id_number) for p in drawn]
    ).values_list("id_blind", flat=True))  # fmt: skip
    return [p for p in drawn if crypto.blind_index(p.id_number) not in known][:count]
