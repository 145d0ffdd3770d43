"""Demo hardship files for `gonghui demo`: a few active files per district, written in bulk.

They stand for files approved before the platform (no review case), with their people in the
one-open-file index, some re-verified, some helped this year — so the audit lists and the
metric have something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.accounts.models import CADRE_ROLES
from gonghui.core import bulk, crypto, ids
from gonghui.hardship import conf
from gonghui.hardship.models import Assistance, Household, HouseholdMember, HouseholdPerson, Kind
from gonghui.hardship.tiers import Cause, assess

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
KINDS = (Kind.LIVING, Kind.MEDICAL, Kind.STUDENT, Kind.FESTIVE)
COLUMNS = ("id", "number", "union_id", "applicant_name", "applicant_id_cipher",
           "applicant_id_blind", "applicant_mobile_cipher", "income", "expenses", "size", "cause",
           "relocated", "status", "tier", "minimum_living", "accident_share", "activated_on",
           "reverified_on", "created_at", "updated_at", "exit_reason", "exit_note")  # fmt: skip
BLIND = COLUMNS.index("applicant_id_blind")


def seed(city_unions: Sequence[int], rng: random.Random, *, share: float = 0.3) -> int:
    """Files at about `share` of the given unions (ids of grassroots unions); returns how many.

    Call after the unions and users are loaded, inside the demo's transaction.
    """
    today = timezone.localdate()
    start = (Household.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    recorder = get_user_model().objects.filter(role__in=CADRE_ROLES).values_list("id", flat=True)
    recorder_id = recorder.order_by("id").first()
    people = _resident_ids(rng)
    files, members, persons, aid = [], [], [], []
    holders = [union for union in city_unions if rng.random() < share]
    for pk, union in enumerate(holders, start=start):
        household, rows = _household(pk, union, rng, people, today)
        files.append(household)
        members += [(pk, *row) for row in rows]
        persons += [
            (pk, blind, True)
            for blind in (household[BLIND], *(crypto.blind_index(r[-1]) for r in rows))
        ]
        if recorder_id is not None and rng.random() < 0.6:
            aid.append(_payment(pk, union, rng, today, recorder_id))
    bulk.load_rows(Household, COLUMNS, files)
    bulk.load_rows(HouseholdMember, ("household_id", "name", "relation", "id_cipher", "id_blind"),
                   ((pk, name, rel, crypto.encrypt(n), crypto.blind_index(n))
                    for pk, name, rel, n in members))  # fmt: skip
    bulk.load_rows(HouseholdPerson, ("household_id", "id_blind", "open"), persons)
    bulk.load_rows(Assistance, ("household_id", "union_id", "paid_by_id", "kind", "amount",
                                "paid_on", "student_name", "school", "note",
                                "recorded_by_id", "recorded_at"), aid)  # fmt: skip
    bulk.reset_sequences([Household, HouseholdMember, HouseholdPerson, Assistance])
    return len(files)


def _household(pk: int, union: int, rng: random.Random, people: Iterator[str],
               today: dt.date) -> tuple[tuple, list[tuple]]:  # fmt: skip
    applicant = next(people)
    rows = [(_name(rng), rel, next(people)) for rel in rng.sample(("spouse", "child", "parent"),
                                                                  rng.randint(0, 3))]  # fmt: skip
    cause = rng.choice(Cause.values)
    line = conf.minimum_living()
    income = rng.randint(0, 2 * line * 12 * (len(rows) + 1))
    assessment = assess(income=income, expenses=rng.randint(0, income // 3 + 1) if income else 0,
                        size=len(rows) + 1, cause=cause)  # fmt: skip
    approved = today - dt.timedelta(days=rng.randint(30, 700))
    reverified = (
        approved + dt.timedelta(days=365) if approved < today - dt.timedelta(days=400) else None
    )
    stamp = timezone.make_aware(dt.datetime.combine(reverified or approved, dt.time(9)))
    household = (
        pk, f"KN{approved:%Y}{pk:06d}", union, _name(rng), crypto.encrypt(applicant),
        crypto.blind_index(applicant), crypto.encrypt(f"13{rng.randint(100000000, 999999999)}"),
        assessment.income, assessment.expenses, assessment.size, cause, rng.random() < 0.1,
        "active", assessment.tier, line, str(assessment.accident_share), approved,
        reverified, stamp, stamp, "", "",
    )  # fmt: skip
    return household, rows


def _payment(pk: int, union: int, rng: random.Random, today: dt.date, recorder: int) -> tuple:
    kind = rng.choice(KINDS)
    student = (_name(rng), "徐州市第一中学") if kind == Kind.STUDENT else ("", "")
    paid_on = today - dt.timedelta(days=rng.randint(0, min(20, today.timetuple().tm_yday - 1)))
    return (pk, union, union, kind, rng.choice((500, 800, 1000, 2000, 3000)), paid_on, *student, "",
            recorder, timezone.now())  # fmt: skip


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _resident_ids(rng: random.Random) -> Iterator[str]:
    """Distinct valid ID numbers of people born 1960–2015 in the city's districts."""
    seen: set[str] = set()
    while True:
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 20_000))
        area = rng.choice(("320302", "320303", "320305", "320311", "320312"))
        first17 = f"{area}{born:%Y%m%d}{rng.randint(0, 999):03d}"
        number = first17 + ids.id_check_character(first17)
        if number not in seen:
            seen.add(number)
            yield number
