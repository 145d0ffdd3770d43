"""Legal aid in the demo city: 16 legal-aid posts (法律援助爱心岗) — 12 in service on 1 January,
4 opened this year, 2 of the old ones closed this year, so 14 in service against the plan's 20 —
with their lawyers and weekly duty; at each place's district post, bookings (attended with the
advice given, missed, to come) and labour disputes at every stage (调-裁-诉) with their hand-offs
and outcomes, two of them near the end of the one-year arbitration limit.

Bookings are made by the demo's workers with a proven identity (`portal/demodata.py`, loaded
first). Each dispute is written as `disputes.py` leaves it: a stage left has its outcome, a
stage entered its hand-off, the dates on the dispute are those of the hand-offs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from gonghui.accounts.models import Role
from gonghui.cases.demorows import Table
from gonghui.demo.names import company_name, person_name, weighted_surnames
from gonghui.demo.services import DemoCity, Place
from gonghui.legalaid.clock import arbitration_deadline
from gonghui.legalaid.models import (
    Booking,
    Consultation,
    Dispute,
    DutySlot,
    Handoff,
    Lawyer,
    Post,
    StageOutcome,
    Topic,
)
from gonghui.legalaid.outcomes import Stage, result_of
from gonghui.legalaid.workflows import DISPUTE, STEP_INTO
from gonghui.orgs.models import Union
from gonghui.portal.models import WorkerProfile

OPENED_BEFORE, OPENED_THIS_YEAR, CLOSED_THIS_YEAR = 10, 4, 2
FIRMS = ("江苏彭城律师事务所", "江苏汉风律师事务所", "江苏云龙湖律师事务所",
         "江苏淮海明理律师事务所", "江苏楚韵律师事务所", "北京盈科（徐州）律师事务所")  # fmt: skip
ROADS = ("中山北路", "淮海东路", "解放南路", "建国西路", "复兴北路", "彭城路", "和平路")
HALF_DAYS = ((dt.time(9), dt.time(11, 30)), (dt.time(14), dt.time(17)))
ARBITRATION_BODY = "徐州市劳动人事争议仲裁委员会"
AMOUNTED = ("agreement", "partly", "settled")  # outcomes with an amount agreed or awarded
ADVICE = {
    Topic.WAGES: "建议收集考勤记录、工资条和银行流水，先书面催告用人单位支付；"
                 "拒不支付的，可向劳动保障监察机构投诉或申请劳动仲裁。",
    Topic.DISMISSAL: "用人单位未说明解除理由，可能构成违法解除。建议保留解除通知，"
                     "要求书面说明理由，可主张经济补偿二倍的赔偿金。",
    Topic.SOCIAL_INSURANCE: "用人单位应依法缴纳社会保险。建议打印个人缴费记录，"
                            "向社会保险征收机构投诉要求补缴。",
    Topic.INJURY: "受伤后应在一年内申请工伤认定；用人单位未在30日内申报的，"
                  "可由本人直接向人社部门申请。",
    Topic.OTHER: "解答了劳动合同签订和试用期的问题，建议签订书面劳动合同并自留一份。",
}  # fmt: skip
CLAIMED = {Topic.WAGES: (8_000, 60_000), Topic.DISMISSAL: (20_000, 120_000),
           Topic.SOCIAL_INSURANCE: (5_000, 30_000), Topic.INJURY: (30_000, 200_000),
           Topic.OTHER: (3_000, 20_000)}  # fmt: skip


@dataclass
class Rows:
    """The rows of every table, with explicit ids."""

    tables: dict[type, list[tuple]] = field(default_factory=dict)

    def add(self, model: type, *values: object) -> int:
        rows = self.tables.setdefault(model, [])
        rows.append((len(rows) + 1, *values))
        return len(rows)


COLUMNS = {
    Post: ("id", "union_id", "name", "address", "phone", "opened_on", "closed_on"),
    Lawyer: ("id", "post_id", "name", "firm", "licence_number", "active"),
    DutySlot: ("id", "post_id", "weekday", "starts_at", "ends_at", "lawyer_id", "capacity",
               "active"),
    Booking: ("id", "post_id", "slot_id", "worker_id", "on", "topic", "note", "status",
              "created_at"),
    Consultation: ("id", "booking_id", "union_id", "held_on", "topic", "advice", "outcome",
                   "referred_to", "recorded_by_id", "recorded_at"),
    Dispute: ("id", "case_id", "union_id", "post_id", "consultation_id", "claimant_name",
              "employer_name", "claim", "amount_claimed", "arose_on", "clock_from",
              "arbitration_deadline", "opened_on", "arbitration_on", "litigation_on",
              "closed_on", "result"),
    Handoff: ("id", "dispute_id", "recorded_by_id", "recorded_at", "stage", "handed_on", "body",
              "reference"),
    StageOutcome: ("id", "dispute_id", "recorded_by_id", "recorded_at", "stage", "outcome",
                   "decided_on", "amount", "note"),
}  # fmt: skip


class LegalAid:
    def __init__(self, city: DemoCity) -> None:
        self.city, self.rows, self.surnames = city, Rows(), weighted_surnames()
        self.names = dict(Union.objects.filter(pk__in=[
            pk for place in city.places for pk in (place.district, place.street)
        ]).values_list("pk", "name"))  # fmt: skip
        proven = WorkerProfile.objects.filter(verified_at__isnull=False).order_by("user_id")
        self.names_of_workers = dict(proven.values_list("user_id", "name"))
        self.workers = list(self.names_of_workers)
        self.booked: set[tuple[int, dt.date]] = set()

    def day(self, days_ago: int) -> dt.date:
        return self.city.today - dt.timedelta(days=days_ago)

    def post(self, union: int, opened: dt.date, closed: dt.date | None) -> tuple[int, list]:
        """A post with one to three lawyers, each on duty one or two half-days a week; returns
        its id and its slots (id, weekday)."""
        rng, name = self.city.rng, self.names[union].removesuffix("总工会")
        road, number, floor = rng.choice(ROADS), rng.randint(1, 300), rng.randint(1, 3)
        address = f"{name}{road}{number}号职工服务中心{floor}楼"
        post = self.rows.add(Post, union, f"{self.names[union]}法律援助爱心岗", address,
                             f"0516-8{rng.randrange(10**7):07d}", opened, closed)  # fmt: skip
        weekdays, slots = rng.sample(range(5), 5), []
        lawyers = rng.randint(1, 3)
        for index in range(lawyers):
            male = rng.random() < 0.6
            licence = f"13203{rng.randint(2005, 2022)}1{1 if male else 2}{rng.randrange(10**6):06d}"
            lawyer = self.rows.add(Lawyer, post, person_name(rng, self.surnames, male=male),
                                   rng.choice(FIRMS), licence, True)  # fmt: skip
            for weekday in weekdays[index::lawyers][: rng.randint(1, 2)]:
                starts, ends = rng.choice(HALF_DAYS)
                slot = self.rows.add(DutySlot, post, weekday, starts, ends, lawyer,
                                     rng.randint(4, 6), True)  # fmt: skip
                slots.append((slot, weekday))
        return post, slots

    def bookings(self, place: Place, post: int, slots: list) -> tuple | None:
        """Four weeks back (three attended with the advice given, one missed) and two to come.
        The first consultation became a dispute: returns (consultation, worker, topic, day)."""
        case = None
        for weeks, status in ((-4, "attended"), (-3, "attended"), (-2, "no_show"),
                              (-1, "attended"), (0, "booked"), (1, "booked")):  # fmt: skip
            slot, weekday = self.city.rng.choice(slots)
            ahead = (weekday - self.city.today.weekday()) % 7 or 7
            on = self.city.today + dt.timedelta(days=ahead + 7 * weeks)
            worker = self.free_worker(on)
            if worker is None:
                continue
            topic = self.city.rng.choice(Topic.values)
            days_ago = (self.city.today - on).days
            booking = self.rows.add(Booking, post, slot, worker, on, topic, "", status,
                                    self.city.moment(max(days_ago, 0) + 3))  # fmt: skip
            if status == "attended":
                outcome = Consultation.Outcome.CASE if case is None else None
                consultation = self.consult(place, booking, on, topic, outcome)
                case = case or (consultation, worker, topic, on)
        return case

    def free_worker(self, on: dt.date) -> int | None:
        """A worker with no other booking that day (a worker books once a day)."""
        for worker in self.city.rng.sample(self.workers, len(self.workers)):
            if (worker, on) not in self.booked:
                self.booked.add((worker, on))
                return worker
        return None

    def consult(self, place: Place, booking: int, on: dt.date, topic: str,
                outcome: str | None) -> int:  # fmt: skip
        referred = outcome is None and topic == Topic.SOCIAL_INSURANCE
        outcome = outcome or (Consultation.Outcome.REFERRED if referred
                              else Consultation.Outcome.ADVISED)  # fmt: skip
        return self.rows.add(
            Consultation, booking, place.district, on, topic, ADVICE[topic], outcome,
            "徐州市社会保险基金管理中心" if referred else "", place.cadres[Role.DISTRICT],
            self.city.moment(max((self.city.today - on).days - 0.2, 0)),
        )  # fmt: skip

    def tables(self) -> Iterator[Table]:
        for model, columns in COLUMNS.items():
            yield model, columns, self.rows.tables.get(model, [])


class Disputes:
    """A place's disputes: one at each stage (调-裁-诉), one closed by agreement in mediation,
    and (`warn`) one whose arbitration limit runs out within weeks."""

    def __init__(self, city: DemoCity, aid: LegalAid, place: Place, post: int) -> None:
        self.city, self.aid, self.place, self.post = city, aid, place, post
        self.cadre = place.cadres[Role.DISTRICT]
        self.district = aid.names[place.district].removesuffix("总工会")

    def add_all(self, from_consultation: tuple | None, *, warn: bool) -> None:
        rng = self.city.rng
        if from_consultation is not None:
            consultation, worker, topic, on = from_consultation
            name = self.aid.names_of_workers[worker]
            opened = max((self.city.today - on).days - 1, 0)
            self.add(arose=opened + rng.randint(20, 150), opened=opened, claim=topic,
                     claimant=(name, worker, consultation))  # fmt: skip
        if warn:  # the year from the day it arose ends in 10 to 45 days
            self.add(arose=365 - rng.randint(10, 45), opened=rng.randint(2, 8))
        opened = rng.randint(60, 120)
        self.add(arose=opened + rng.randint(30, 120), opened=opened, events=(
            ("outcome", Stage.MEDIATION, "failed", opened - 7),
            ("handoff", Stage.ARBITRATION, opened - 9),
        ))  # fmt: skip
        opened = rng.randint(200, 260)
        self.add(arose=opened + rng.randint(30, 120), opened=opened, events=(
            ("outcome", Stage.MEDIATION, "failed", opened - 8),
            ("handoff", Stage.ARBITRATION, opened - 10),
            ("outcome", Stage.ARBITRATION, "partly", opened - 60),
            ("handoff", Stage.LITIGATION, opened - 72),
        ))  # fmt: skip
        opened = rng.randint(20, 90)
        closing: tuple = (("outcome", Stage.MEDIATION, "agreement", opened - 5),
                          ("close", opened - 6))  # fmt: skip
        if rng.random() < 0.5:  # or settled before the arbitration committee
            opened += 60
            closing = (
                ("outcome", Stage.MEDIATION, "failed", opened - 7),
                ("handoff", Stage.ARBITRATION, opened - 9),
                ("outcome", Stage.ARBITRATION, "settled", opened - 50),
                ("close", opened - 51),
            )
        self.add(arose=opened + rng.randint(10, 60), opened=opened, events=closing)

    def add(self, *, arose: int, opened: int, events: tuple = (), claim: str = "",
            claimant: tuple | None = None) -> None:  # fmt: skip
        """A dispute that arose and was opened so many days ago, then went through `events`:
        ("outcome", stage, outcome, days ago), ("handoff", stage, days ago), ("close", days ago)."""
        rng, day = self.city.rng, self.aid.day
        claim = claim or rng.choice(Topic.values)
        claimed = rng.randrange(*CLAIMED[claim], 100)
        name, applicant, consultation = claimant or (
            person_name(rng, self.aid.surnames, male=rng.random() < 0.6),
            None,
            None,
        )
        employer = company_name(rng, district=self.district, industry=rng.choice("CEFGH"),
                                large=False)  # fmt: skip
        steps, stage, on, result, closed = [], Stage.MEDIATION, {}, "", None
        for event in events:
            if event[0] == "handoff":
                stage, on[event[1]] = event[1], day(event[2])
                steps.append((STEP_INTO[stage], self.cadre, self.city.moment(event[2])))
            elif event[0] == "close":
                closed = day(event[1])
                steps.append(("close", self.cadre, self.city.moment(event[1])))
            else:
                result = result_of(event[1], event[2])
        case = self.city.cases.add(
            DISPUTE, union_id=self.place.district, title=_title(name, employer),
            opened_by=self.cadre, opened_at=self.city.moment(opened), steps=steps,
            applicant_id=applicant, data={"post": self.post},
        )  # fmt: skip
        dispute = self.aid.rows.add(
            Dispute, case, self.place.district, self.post, consultation, name, employer, claim,
            claimed, day(arose), day(arose), arbitration_deadline(day(arose)), day(opened),
            on.get(Stage.ARBITRATION), on.get(Stage.LITIGATION), closed,
            result if closed else "",
        )  # fmt: skip
        for event in events:
            self.record(dispute, event, claimed)

    def record(self, dispute: int, event: tuple, claimed: int) -> None:
        """The outcome or hand-off row of an event (a closing has none of its own)."""
        rng, kind, stage = self.city.rng, event[0], event[1]
        if kind == "close":
            return
        at, handed = self.city.moment(event[-1]), self.aid.day(event[-1])
        if kind == "handoff":
            body, reference = ARBITRATION_BODY, f"徐劳人仲案字第{rng.randint(100, 2500)}号"
            if (
                stage == Stage.LITIGATION
            ):  # the district's court: 徐州市鼓楼区人民法院, 丰县人民法院
                court = self.district
                body = f"{court if court.endswith(('县', '市')) else f'徐州市{court}'}人民法院"
                reference = f"苏{self.place.district_code[2:]}民初{rng.randint(1000, 9999)}号"
            self.aid.rows.add(Handoff, dispute, self.cadre, at, stage, handed, body,
                              f"（{handed.year}）{reference}")  # fmt: skip
            return
        outcome = event[2]
        amount = int(claimed * rng.uniform(0.5, 0.9)) if outcome in AMOUNTED else None
        self.aid.rows.add(StageOutcome, dispute, self.cadre, at, stage, outcome, handed, amount,
                          "")  # fmt: skip


def demo_tables(city: DemoCity) -> Iterator[Table]:
    aid = LegalAid(city)
    unions = [place.district for place in city.places] + [place.street for place in city.places]
    new_year = dt.date(city.today.year, 1, 1)
    this_year = (city.today - new_year).days
    for index in range(OPENED_BEFORE + OPENED_THIS_YEAR + CLOSED_THIS_YEAR):
        union = unions[index % len(unions)]
        opened = city.today - dt.timedelta(days=city.rng.randint(this_year + 30, 1500))
        closed = None
        if OPENED_BEFORE <= index < OPENED_BEFORE + OPENED_THIS_YEAR:
            opened = new_year + dt.timedelta(days=city.rng.randint(0, this_year))
        elif index >= OPENED_BEFORE + OPENED_THIS_YEAR:
            closed = city.today - dt.timedelta(days=city.rng.randint(0, max(this_year - 1, 0)))
        post, slots = aid.post(union, opened, closed)
        if index < len(city.places):  # a place's district post
            place = city.places[index]
            case = aid.bookings(place, post, slots)
            Disputes(city, aid, place, post).add_all(case, warn=index < 2)
    yield from aid.tables()


def _title(name: str, employer: str) -> str:
    """The case title as `disputes.py` writes it: in the deployment's language."""
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("%(name)s: labour dispute with %(employer)s")
    return (title % {"name": name, "employer": employer})[:200]
