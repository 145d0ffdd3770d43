"""Hardship files (一户一档) in the demo city: at each place one file at every step of the review,
one rejected, three active (helped with every kind of aid, never helped, unchanged for a year)
and one exited.

The applicants are members of the place's union, every person is in one file city-wide, the
tier is `tiers.assess` of the figures under the configured 低保 line, and medical details are
kept only with the household's consent — as `services.py` and `aid.py` store them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random
from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from gonghui.accounts.models import Role
from gonghui.cases.demorows import Table
from gonghui.core import crypto, ids
from gonghui.demo.names import person_name, weighted_surnames
from gonghui.demo.services import DemoCity, Person, Place
from gonghui.hardship import conf
from gonghui.hardship.models import (
    Assistance,
    ExitReason,
    Household,
    HouseholdMember,
    HouseholdPerson,
    Kind,
    MedicalConsent,
    Relation,
    Status,
)
from gonghui.hardship.tiers import SUDDEN_CAUSES, Assessment, Cause, Tier, assess
from gonghui.hardship.workflows import HARDSHIP

# (the review steps taken, days since the file was opened); each step takes two days.
STORIES = {
    "helped": (("forward", "endorse", "approve"), (420, 500)),
    "grassroots": ((), (1, 3)),
    "street": (("forward",), (4, 8)),
    "district": (("forward", "endorse"), (10, 18)),
    "returned": (("forward", "return_street"), (15, 25)),
    "rejected": (("forward", "reject_street"), (30, 60)),
    "never_helped": (("forward", "endorse", "approve"), (40, 80)),
    "stale": (("forward", "endorse", "approve"), (450, 700)),
    "exited": (("forward", "endorse", "approve"), (600, 800)),
}
ACTOR = {"forward": Role.GRASSROOTS, "endorse": Role.STREET, "approve": Role.DISTRICT,
         "return_street": Role.STREET, "reject_street": Role.STREET}  # fmt: skip
RELOCATED = {"320305": ("helped", "district"), "320312": ("helped", "district")}  # coal districts
SCHOOLS = ("中国矿业大学", "江苏师范大学", "徐州医科大学", "徐州工程学院", "江苏建筑职业技术学院")
CONSENT_SCOPE = "同意工会收集、保存本户成员的疾病诊断和医疗费用票据，仅用于医疗救助审核与发放。"
ILLNESSES = ("尿毒症血液透析", "肺癌术后化疗", "脑梗死后偏瘫康复", "乳腺癌放疗", "白血病住院治疗")
HOUSEHOLD_COLUMNS = ("id", "number", "union_id", "applicant_name", "applicant_id_cipher",
                     "applicant_id_blind", "applicant_mobile_cipher", "income", "expenses",
                     "size", "cause", "relocated", "status", "tier", "minimum_living",
                     "accident_share", "case_id", "activated_on", "reverified_on", "exited_on",
                     "exit_reason", "exit_note", "created_at", "updated_at")  # fmt: skip
MEMBER_COLUMNS = ("id", "household_id", "name", "relation", "id_cipher", "id_blind")
PERSON_COLUMNS = ("id", "household_id", "id_blind", "open")
CONSENT_COLUMNS = ("id", "household_id", "consented_by", "consented_on", "scope",
                   "recorded_by_id", "recorded_at")  # fmt: skip
AID_COLUMNS = ("id", "household_id", "union_id", "paid_by_id", "kind", "amount", "paid_on", "note",
               "student_name", "school", "medical_cipher", "consent_id", "recorded_by_id",
               "recorded_at")  # fmt: skip


class Payment(NamedTuple):
    kind: str
    amount: int
    days_ago: int
    payer: str  # the role whose union pays and whose cadre records it
    student: str = ""
    school: str = ""
    medical: str = ""
    consent: int | None = None


@dataclass
class Relative:
    name: str
    relation: str
    id_number: str
    born: dt.date


@dataclass
class Files:
    """The rows of every table, filled place by place."""

    city: DemoCity
    numbers: set[str]  # every ID number in use, so each person is in one file
    surnames: list[str] = field(default_factory=weighted_surnames)
    households: list[tuple] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)
    persons: list[tuple] = field(default_factory=list)
    consents: list[tuple] = field(default_factory=list)
    aid: list[tuple] = field(default_factory=list)

    def add(self, place: Place, story: str, applicant: Person, tier: str) -> None:
        rng, pk = self.city.rng, len(self.households) + 1
        steps, (fewest, most) = STORIES[story]
        opened = rng.randint(fewest, most)
        taken = [(step, place.cadres[ACTOR[step]], self.city.moment(opened - 2 * n))
                 for n, step in enumerate(steps, 1)]  # fmt: skip
        number = f"KN{self.day(opened):%Y}{pk:06d}"
        case = self.city.cases.add(
            HARDSHIP, union_id=place.grassroots, title=_title(number, applicant.name),
            opened_by=place.cadres[Role.GRASSROOTS], opened_at=self.city.moment(opened),
            steps=taken, data={"household": pk},
        )  # fmt: skip
        relatives = self.relatives(applicant, student=story == "helped")
        size = len(relatives) + 1
        # 意外致困 needs income above twice the line yet costs above 80% of it: small households.
        figures = _figures(rng, Tier.RELATIVE if tier == Tier.ACCIDENT and size > 2 else tier,
                           size=size)  # fmt: skip
        status, activated = Status.APPLYING, None
        if story == "rejected":
            status = Status.REJECTED
        elif steps and steps[-1] == "approve":
            status, activated = Status.ACTIVE, self.day(opened - 2 * len(steps))
        updated = self.city.moment(opened - 2 * len(steps))
        reverified = exited = None
        if story == "helped":
            reverified, updated = self.day(40), self.city.moment(40)
        elif story == "exited":
            status, exited, updated = Status.EXITED, self.day(60), self.city.moment(60)
        mobile = applicant.mobile or f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        relocated = story in RELOCATED.get(place.district_code, ())
        self.households.append((
            pk, number, place.grassroots, applicant.name, crypto.encrypt(applicant.id_number),
            crypto.blind_index(applicant.id_number), crypto.encrypt(mobile), figures.income,
            figures.expenses, figures.size, figures.cause, relocated, status, figures.tier,
            figures.minimum_living, str(figures.accident_share), case, activated, reverified,
            exited, ExitReason.RECOVERED if exited else "",
            "家庭成员再就业，人均收入已超过当地低保标准两倍。" if exited else "",
            self.city.moment(opened), updated,
        ))  # fmt: skip
        held = status in (Status.APPLYING, Status.ACTIVE)
        self.persons.append((len(self.persons) + 1, pk, crypto.blind_index(applicant.id_number),
                             held))  # fmt: skip
        for relative in relatives:
            blind = crypto.blind_index(relative.id_number)
            self.members.append((len(self.members) + 1, pk, relative.name, relative.relation,
                                 crypto.encrypt(relative.id_number), blind))  # fmt: skip
            self.persons.append((len(self.persons) + 1, pk, blind, held))
        if story in ("helped", "stale", "exited"):
            self.pay(pk, place, story, relatives, activated)

    def pay(self, pk: int, place: Place, story: str, relatives: list[Relative],
            activated: dt.date) -> None:  # fmt: skip
        """The aid a file received: every kind for a helped file, one payment for the others."""
        rng, since = self.city.rng, (self.city.today - activated).days
        kind = Kind.FESTIVE if story == "stale" else Kind.LIVING
        payments = [Payment(kind, rng.choice((500, 800, 1000)), since - 20, Role.STREET)]
        if story == "helped":
            payments += self.helped(pk, place, relatives)
        paid_by = {Role.GRASSROOTS: place.grassroots, Role.STREET: place.street,
                   Role.DISTRICT: place.district}  # fmt: skip
        for payment in payments:
            medical = crypto.encrypt(payment.medical) if payment.medical else None
            self.aid.append((
                len(self.aid) + 1, pk, place.grassroots, paid_by[payment.payer], payment.kind,
                payment.amount, self.day(payment.days_ago), "", payment.student, payment.school,
                medical, payment.consent, place.cadres[payment.payer],
                self.city.moment(payment.days_ago),
            ))  # fmt: skip

    def helped(self, pk: int, place: Place, relatives: list[Relative]) -> list[Payment]:
        """Medical aid with the consent recorded first, 金秋助学 for a child at university,
        living assistance."""
        rng, consent = self.city.rng, len(self.consents) + 1
        self.consents.append((consent, pk, self.households[-1][3], self.day(150), CONSENT_SCOPE,
                              place.cadres[Role.GRASSROOTS], self.city.moment(150)))  # fmt: skip
        illness = f"{rng.choice(ILLNESSES)}，年内自付医疗费用约{rng.randint(2, 6)}万元"
        payments = [
            Payment(Kind.MEDICAL, rng.randrange(3000, 10001, 500), 120, Role.DISTRICT,
                    medical=illness, consent=consent),
            Payment(Kind.LIVING, rng.randrange(1000, 3001, 200), 30, Role.GRASSROOTS),
        ]  # fmt: skip
        for child in relatives:
            age = (self.city.today - child.born).days // 365
            if child.relation == Relation.CHILD and 17 <= age <= 22:
                payments.append(Payment(Kind.STUDENT, rng.choice((3000, 4000, 5000)), 90,
                                        Role.DISTRICT, student=child.name,
                                        school=rng.choice(SCHOOLS)))  # fmt: skip
        return payments

    def relatives(self, applicant: Person, *, student: bool) -> list[Relative]:
        """A spouse for most, a child or two (a student for a helped file), sometimes a parent."""
        rng, resident = self.city.rng, ids.parse_resident_id(applicant.id_number)
        born, area, male = resident.birth_date, applicant.id_number[:6], resident.gender == "M"
        family = []
        if rng.random() < 0.8:
            spouse = born + dt.timedelta(days=rng.randint(-1500, 1500))
            adult = self.city.today.replace(year=self.city.today.year - 20, day=1)
            family.append((Relation.SPOUSE, min(spouse, adult), not male))
        first_child = dt.date(self.city.today.year - rng.randint(18, 21), rng.randint(1, 12), 1)
        if not student:
            first_child = born + dt.timedelta(days=rng.randint(22 * 365, 34 * 365))
        for child in range(rng.randint(1, 2) if student else rng.randint(0, 2)):
            child_born = first_child + dt.timedelta(days=child * rng.randint(400, 2500))
            if child_born < self.city.today - dt.timedelta(days=365):
                family.append((Relation.CHILD, child_born, rng.random() < 0.5))
        if rng.random() < 0.25:
            family.append((Relation.PARENT, born - dt.timedelta(days=rng.randint(22, 30) * 365),
                           rng.random() < 0.5))  # fmt: skip
        relatives, father = [], applicant.name[0] if male else ""
        for relation, day, is_male in family:  # the spouse first: a child takes the father's name
            relatives.append(self.relative(relation, day, area, male=is_male, surname=father))
            if relation == Relation.SPOUSE and not male:
                father = relatives[-1].name[0]
        return relatives

    def relative(self, relation: str, born: dt.date, area: str, *, male: bool,
                 surname: str) -> Relative:  # fmt: skip
        name = person_name(self.city.rng, self.surnames, male=male)
        if relation == Relation.CHILD and surname:
            name = surname + name[1:]
        while True:
            sequence = 2 * self.city.rng.randrange(499) + (1 if male else 2)
            first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
            number = first17 + ids.id_check_character(first17)
            if number not in self.numbers:
                self.numbers.add(number)
                return Relative(name, relation, number, born)

    def day(self, days_ago: int) -> dt.date:
        return self.city.today - dt.timedelta(days=days_ago)

    def tables(self) -> Iterator[Table]:
        yield Household, HOUSEHOLD_COLUMNS, self.households
        yield HouseholdMember, MEMBER_COLUMNS, self.members
        yield HouseholdPerson, PERSON_COLUMNS, self.persons
        yield MedicalConsent, CONSENT_COLUMNS, self.consents
        yield Assistance, AID_COLUMNS, self.aid


def demo_tables(city: DemoCity) -> Iterator[Table]:
    everyone = {person.id_number for place in city.places for person in place.people}
    files = Files(city, everyone)
    tiers = Tier.values
    for index, place in enumerate(city.places):
        # The oldest first: the helped file (the first story) has a child at university.
        applicants = sorted(place.people[-len(STORIES) :], key=lambda p: p.id_number[6:14])
        for n, (story, applicant) in enumerate(zip(STORIES, applicants, strict=False)):
            files.add(place, story, applicant, tiers[(n + index) % len(tiers)])
    yield from files.tables()


def _figures(rng: Random, tier: str, *, size: int) -> Assessment:
    """A household's yearly income and rigid expenses that `tiers.assess` puts in `tier`."""
    line = conf.minimum_living() * 12 * size  # 低保 for the household, a year
    expenses = rng.randrange(2000, 20001, 100)
    cause = rng.choice([cause for cause in Cause.values if cause not in SUDDEN_CAUSES])
    if tier == Tier.DEEP:
        income = expenses + int(line * rng.uniform(0.3, 0.95))
    elif tier == Tier.RELATIVE:
        income = expenses + int(line * rng.uniform(1.05, 1.9))
    else:  # 意外致困: heavy costs after an accident or illness, above the relative line
        share = conf.accident_share() + Decimal(rng.randrange(1, 7)) / 100
        income = int(2 * line / (1 - share)) + rng.randrange(1000, 20001, 100)
        expenses, cause = int(income * share), rng.choice(SUDDEN_CAUSES)
    assessment = assess(income=income, expenses=expenses, size=size, cause=cause)
    if assessment.tier != tier:
        raise ValueError(f"demo hardship figures meant for {tier} assessed {assessment.tier}")
    return assessment


def _title(number: str, name: str) -> str:
    """The review case's title as `services.py` writes it: in the deployment's language."""
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("Hardship file %(number)s: %(name)s")
    return (title % {"number": number, "name": name})[:200]
