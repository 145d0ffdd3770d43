"""Service lists and the relocation import at city scale: the hardship files (困难职工档案) and
the register of relocated workers (转岗分流职工), each list beside its raw-SQL floor.

`python -m gonghui.bench.services [--runs N] [--households N] [--workers N] [--import-rows N]
[--import-runs N] [--seed N] [--explain]`, run by `python -m gonghui.bench` with DATABASE_URL
set for one backend, once the city is loaded.

The records are written once through `core.bulk.load_rows` (no model instance per row) and
kept; a run finding other counts or another seed clears the service tables and loads them
again (the bench city's own load leaves them empty). Each person has a real ID number and blind
index (the one-open-file index holds); the ciphertexts are one per column, shared by every row.
Timed, as the district cadre `d320302` and a street cadre of that district: the first page of
`hardship.selectors.household_list`, `relocation.selectors.worker_list` and `not_in_service`,
and the rendered `/hardship/`, `/relocation/` and `/relocation/unserved/` through the Django
test client, each beside the same rows read by one hand-written SQL statement. Then the
relocation import: a 人社 list of new workers through the import engine (`RelocatedImporter`,
every row validated) beside the floor (the same file read, each row encrypted and placed with
the least work, `load_rows`), both rolled back, their written rows checked equal.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import django

from gonghui.bench.cases import (
    DISTRICT_USER,
    Floor,
    fetch,
    line,
    page,
    per_cadre,
    say,
    show_plans,
    unions_by_kind,
)

NUMBER_PREFIX = "KNB"  # bench files are numbered KNB<seed>-<n>
HOLDING_WEIGHTS = {"grassroots": 85, "joint": 8, "street": 7}
STATUS_WEIGHTS = {"active": 85, "applying": 7, "exited": 5, "rejected": 3}
SERVED_SHARE = 0.85
EMPLOYER_SHARE = 0.7  # workers (and import rows) whose former employer is registered
IMPORT_AREA = "320381"  # the import's ID numbers are drawn here, none of the register's are
IMPORT_HEADER = ("姓名", "身份证号", "手机号码", "行业", "原单位", "原单位统一社会信用代码",
                 "行政区划代码", "分流时间")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m gonghui.bench.services", description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs of each list (median)")
    parser.add_argument("--households", type=int, default=30_000)
    parser.add_argument("--workers", type=int, default=40_000)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--import-runs", type=int, default=3, help="runs of each import (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    args = parser.parse_args()
    django.setup()
    ensure_records(households=args.households, workers=args.workers, seed=args.seed)
    vacuum()  # after an earlier run that died inside its import
    run_lists(runs=args.runs, explain=args.explain)
    run_import(rows=args.import_rows, runs=args.import_runs, seed=args.seed)


# ---------------------------------------------------------------- the records, loaded once


def ensure_records(*, households: int, workers: int, seed: int) -> None:
    from django.db import transaction

    from gonghui.core import bulk
    from gonghui.hardship.models import Household, MedicalConsent
    from gonghui.relocation.models import RelocatedWorker

    files = Household.objects.filter(number__startswith=NUMBER_PREFIX)
    if (
        files.count() == households == Household.objects.count()
        and files.filter(number=f"{NUMBER_PREFIX}{seed}-{households:06d}").exists()
        and RelocatedWorker.objects.count() == workers
    ):
        say(f"reusing {households:,} bench hardship files and {workers:,} relocated workers")
        return
    say(f"loading {households:,} hardship files and {workers:,} relocated workers (seed {seed})")
    started = time.perf_counter()
    tables = Records(random.Random(seed), seed).tables(households, workers)
    with transaction.atomic():
        bulk.clear_tables([Household, MedicalConsent, RelocatedWorker])
        for model, columns, rows in tables:
            bulk.load_rows(model, columns, rows)
        bulk.reset_sequences([model for model, _columns, _rows in tables])
    bulk.analyze([model for model, _columns, _rows in tables])
    say(f"loaded {sum(len(rows) for _m, _c, rows in tables):,} rows in "
        f"{time.perf_counter() - started:.1f} s")  # fmt: skip


class Records:
    """Plain tuples for the service tables, in the demo data's column orders."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from gonghui.core import crypto
        from gonghui.demo.identifiers import ResidentIds
        from gonghui.demo.names import weighted_surnames
        from gonghui.employers.models import Employer
        from gonghui.orgs.selectors import area_federations

        self.rng, self.seed, self.ids = rng, seed, ResidentIds(rng)
        self.surnames = weighted_surnames()
        self.now, self.today = timezone.now(), timezone.localdate()
        self.cipher = crypto.encrypt("320302198001010011")  # one ciphertext per column
        self.mobile_cipher = crypto.encrypt("13800000000")
        self.by_kind = unions_by_kind()
        self.clerk = get_user_model().objects.get(username=DISTRICT_USER).pk
        self.employers = list(
            Employer.objects.filter(union__isnull=False).values_list(
                "id", "name", "area_id", "union_id"
            )
        )
        self.homes = area_federations()
        self.street_areas = street_areas()

    def person(self, area: str) -> tuple[str, str]:
        """A new person's name and the blind index of their ID number."""
        from gonghui.core import crypto
        from gonghui.demo.names import person_name

        number, _born = self.ids.draw(area, male=self.rng.random() < 0.6)
        name = person_name(self.rng, self.surnames, male=int(number[16]) % 2 == 1)
        return name, crypto.blind_index(number)

    def tables(self, households: int, workers: int) -> list[tuple[Any, tuple, list]]:
        from gonghui.hardship import demodata as hardship
        from gonghui.hardship.models import Assistance, Household, HouseholdMember, HouseholdPerson
        from gonghui.relocation import demodata as relocation
        from gonghui.relocation.models import RelocatedWorker, ServiceRecord

        files, members, persons, aid = self.hardship(households)
        register, services = self.relocation(workers)
        return [
            (Household, hardship.HOUSEHOLD_COLUMNS, files),
            (HouseholdMember, hardship.MEMBER_COLUMNS, members),
            (HouseholdPerson, hardship.PERSON_COLUMNS, persons),
            (Assistance, hardship.AID_COLUMNS, aid),
            (RelocatedWorker, relocation.WORKER_COLUMNS, register),
            (ServiceRecord, relocation.SERVICE_COLUMNS, services),
        ]

    def hardship(self, count: int) -> tuple[list, list, list, list]:
        from gonghui.hardship.models import Cause, Kind, Relation, Tier

        rng = self.rng
        kinds, weights = list(HOLDING_WEIGHTS), list(HOLDING_WEIGHTS.values())
        files: list[tuple] = []
        members: list[tuple] = []
        persons: list[tuple] = []
        aid: list[tuple] = []
        for pk in range(1, count + 1):
            union = rng.choice(self.by_kind[rng.choices(kinds, weights)[0]])
            status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
            size, opened = rng.choice((1, 2, 2, 3, 3, 4)), rng.randrange(5, 1500)
            created = self.now - dt.timedelta(days=opened)
            active = status in ("active", "exited")
            name, blind = self.person(rng.choice(self.street_areas))
            files.append((
                pk, f"{NUMBER_PREFIX}{self.seed}-{pk:06d}", union, name, self.cipher, blind,
                self.mobile_cipher, rng.randrange(0, 60_000), rng.randrange(0, 80_000), size,
                rng.choice(Cause.values), rng.random() < 0.1, status, rng.choice(Tier.values),
                780, Decimal("0.500"), None,
                created.date() + dt.timedelta(days=3) if active else None,
                self.today - dt.timedelta(days=rng.randrange(0, 500)) if active else None,
                self.today if status == "exited" else None,
                "recovered" if status == "exited" else "", "", created,
                created + dt.timedelta(days=rng.randrange(0, opened)),
            ))  # fmt: skip
            open_file = status in ("active", "applying")
            persons.append((len(persons) + 1, pk, blind, open_file))
            for _member in range(size - 1):
                member_name, member_blind = self.person(rng.choice(self.street_areas))
                members.append((len(members) + 1, pk, member_name, rng.choice(Relation.values),
                                self.cipher, member_blind))  # fmt: skip
                persons.append((len(persons) + 1, pk, member_blind, open_file))
            for _paid in range(rng.choice((0, 1, 1, 2)) if status == "active" else 0):
                paid = self.today - dt.timedelta(days=rng.randrange(0, 400))
                aid.append((len(aid) + 1, pk, union, union, rng.choice((Kind.LIVING, Kind.FESTIVE)),
                            rng.randrange(500, 3000), paid, "", "", "", None, None, self.clerk,
                            self.now))  # fmt: skip
        return files, members, persons, aid

    def relocation(self, count: int) -> tuple[list, list]:
        from gonghui.relocation.models import Industry, ServiceKind, Status

        rng, kinds = self.rng, [kind for kind in ServiceKind.values if kind != "reemployed"]
        register: list[tuple] = []
        services: list[tuple] = []
        for pk in range(1, count + 1):
            employer, employer_name, area, union = self.place()
            name, blind = self.person(area)
            relocated = self.today - dt.timedelta(days=rng.randrange(365, 9 * 365))
            registered = relocated + dt.timedelta(days=rng.randrange(10, 300))
            served = []
            if rng.random() < SERVED_SHARE:
                span = (self.today - registered).days
                served = sorted(self.today - dt.timedelta(days=rng.randrange(0, span))
                                for _n in range(rng.randint(1, 3)))  # fmt: skip
                chosen = rng.sample(kinds, len(served))
                if rng.random() < 0.25:
                    chosen[-1] = ServiceKind.REEMPLOYED.value
                for kind, day in zip(chosen, served, strict=True):
                    services.append((len(services) + 1, pk, kind, day, "", None, self.now))
            status = Status.REEMPLOYED if served and chosen[-1] == "reemployed" else (
                Status.LEFT if rng.random() < 0.03 else Status.REGISTERED)  # fmt: skip
            register.append((
                pk, name, self.cipher, blind, self.mobile_cipher,
                Industry.COAL if rng.random() < 0.7 else Industry.STEEL, employer_name, employer,
                area, union, relocated, registered, served[0] if served else None, status,
                self.today if status == Status.LEFT else None, self.now,
            ))  # fmt: skip
        return register, services

    def place(self) -> tuple[int | None, str, str, int]:
        """A former employer (registered, or only named) with its area and responsible union."""
        if self.rng.random() < EMPLOYER_SHARE:
            return self.rng.choice(self.employers)
        area = self.rng.choice(self.street_areas)
        return None, "徐州某某煤矿", area, self.homes[area]


def street_areas() -> list[str]:
    from gonghui.orgs.models import Union

    found = Union.objects.filter(kind=Union.Kind.STREET, area__isnull=False)
    return sorted(set(found.values_list("area_id", flat=True)))


# ---------------------------------------------------------------- the lists


def run_lists(*, runs: int, explain: bool) -> None:
    from django.db import connection

    from gonghui.hardship.models import Household
    from gonghui.relocation.models import RelocatedWorker

    heading = (
        f"== service lists, {connection.vendor}: {Household.objects.count():,} hardship files, "
        f"{RelocatedWorker.objects.count():,} relocated workers"
    )
    per_cadre(heading, lambda user: user_lists(user, runs=runs, explain=explain), runs=runs)


def user_lists(user: Any, *, runs: int, explain: bool) -> None:
    from django.conf import settings
    from django.test import Client

    from gonghui.bench.timing import median_ms
    from gonghui.core.scope import visible_to
    from gonghui.hardship.models import Household
    from gonghui.hardship.selectors import household_list
    from gonghui.relocation.models import RelocatedWorker
    from gonghui.relocation.selectors import not_in_service, worker_list

    rows = settings.GONGHUI_PAGE_SIZE + 1  # a page reads one row more (core.pagination)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    files, register = visible_to(Household, user), visible_to(RelocatedWorker, user)
    unserved = register.filter(first_served_on__isnull=True).exclude(status="left")
    say(f"{user.username} ({user.org.name}): {files.count():,} files, {register.count():,} "
        f"relocated workers, {unserved.count():,} not yet served")  # fmt: skip
    lists = [
        ("hardship files", lambda: household_list(user=user)[:rows],
         HOUSEHOLD_FLOOR, "", "/hardship/"),
        ("register", lambda: worker_list(user=user)[:rows],
         WORKER_FLOOR, "", "/relocation/"),
        ("unserved", lambda: not_in_service(user=user)[:rows],
         WORKER_FLOOR, UNSERVED, "/relocation/unserved/"),
    ]  # fmt: skip
    for name, ours, head, where, path in lists:
        floors = [Floor(*statement(head, where, user, rows, wide)) for wide in (True, False)]
        found = [record.pk for record in ours()]
        for floor in floors:
            assert found == [row[0] for row in floor()], f"{name}: the floor reads other rows"
        floor_ms = min(median_ms(floor, runs=runs) for floor in floors)
        line(f"  {name}: first page ({len(found)} rows)", median_ms(fetch(ours), runs=runs),
             floor_ms)  # fmt: skip
        line(f"  {name}: page {path}", median_ms(page(client, path), runs=runs), floor_ms)
        if explain:
            show_plans(name, ours().query.sql_with_params(), [f.statement for f in floors])


# The page's columns (the record, its union's name), the subtree as a path range in either form
# the scope writes it (`+`: the union key kept off its index, the table read newest first until
# a page is full; or the subtree's rows gathered through the union index, then sorted).
HOUSEHOLD_FLOOR = """SELECT r.id, r.number, r.applicant_name, r.applicant_id_cipher, r.relocated,
  r.tier, r.status, r.reverified_on, u.name
FROM hardship_household r JOIN orgs_union u ON u.id = r.union_id"""
WORKER_FLOOR = """SELECT r.id, r.name, r.id_cipher, r.industry, r.employer_name, r.relocated_on,
  r.first_served_on, r.status, u.name
FROM relocation_relocatedworker r JOIN orgs_union u ON u.id = r.union_id"""
UNSERVED = "AND r.first_served_on IS NULL AND r.status <> 'left'"


def statement(head: str, where: str, user: Any, rows: int, wide: bool) -> tuple[str, list]:
    from gonghui.core.fields import prefix_upper_bound

    plus = "+" if wide else ""
    sql = (f"{head} WHERE {plus}r.union_id IN "
           f"(SELECT id FROM orgs_union WHERE path >= %s AND path < %s) {where} "
           f"ORDER BY r.id DESC LIMIT {rows}")  # fmt: skip
    return sql, [user.org.path, prefix_upper_bound(user.org.path)]


# ---------------------------------------------------------------- the relocation import


def run_import(*, rows: int, runs: int, seed: int) -> None:
    from django.db import connection

    path = import_file(rows, seed)
    ours = [timed(lambda: import_ours(path)) for _run in range(runs)]
    floor = [timed(lambda: import_floor(path)) for _run in range(runs)]
    assert ours[0][1] == floor[0][1], "the floor writes other rows than the import"
    ours_s, floor_s = (statistics.median(run[0] for run in found) for found in (ours, floor))
    say(f"== relocation import, {connection.vendor}: {path.name}, {rows:,} new workers "
        f"into {ours[0][2]:,}")  # fmt: skip
    say(f"{'':40}{'ours':>12}{'floor':>12}")
    say(f"{'  seconds':40}{ours_s:>10.2f} s{floor_s:>10.2f} s")
    say(f"{'  rows per second':40}{rows / ours_s:>12,.0f}{rows / floor_s:>12,.0f}"
        f"   ({ours_s / floor_s:.1f}× the floor)")  # fmt: skip
    say(
        f"(median of {runs} runs, each in a transaction rolled back at the end, commit not "
        "included; ours = RelocatedImporter via run_import: every row validated, employers and "
        "the register looked up in batches; floor = read_rows + encrypt ID and mobile + blind "
        "index + employer (one query for the file's codes) or area federation, load_rows; the rows "
        "both wrote checked equal)"
    )


def import_file(rows: int, seed: int) -> Path:
    """A 人社 list of new relocated workers (CSV), written once per size and seed."""
    from django.conf import settings

    from gonghui.employers.models import Employer

    path = Path(settings.DATA_DIR) / "bench" / f"relocation-{rows}-seed{seed}.csv"
    if path.exists():
        return path
    records = Records(random.Random(seed + 1), seed)
    registered = Employer.objects.filter(union__isnull=False)
    codes = dict(registered.values_list("id", "credit_code"))
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(IMPORT_HEADER)
        for _row in range(rows):
            employer, employer_name, area, _union = records.place()
            number, _born = records.ids.draw(IMPORT_AREA, male=records.rng.random() < 0.8)
            relocated = records.today - dt.timedelta(days=records.rng.randrange(30, 3000))
            writer.writerow((
                records.person(area)[0], number,
                f"139{records.rng.randrange(10**8):08d}",
                "煤炭" if records.rng.random() < 0.7 else "钢铁", employer_name,
                codes[employer] if employer else "", "" if employer else area,
                relocated.isoformat(),
            ))  # fmt: skip
    partial.replace(path)
    return path


def timed(work: Callable[[], Any]) -> tuple[float, Any, int]:
    """Seconds of `work` inside a transaction rolled back at the end; what it wrote (its rows
    as the register holds them) and the register's size before."""
    from django.db import connection, transaction

    from gonghui.core import bulk
    from gonghui.core.models import AuditEntry
    from gonghui.relocation.models import RelocatedWorker

    before = RelocatedWorker.objects.count()
    last = RelocatedWorker.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with transaction.atomic():
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
        written = sorted(RelocatedWorker.objects.filter(id__gt=last).values_list(
            "id_blind", "name", "industry", "employer_name", "employer_id", "area_id",
            "union_id", "relocated_on", "status"))  # fmt: skip
        transaction.set_rollback(True)
    if connection.vendor == "postgresql":
        bulk.reset_sequences([RelocatedWorker, AuditEntry])
    vacuum()
    return seconds, written, before


def vacuum() -> None:
    """PostgreSQL: clear the register of the rows rolled-back imports left dead (tens of
    thousands a run), which every later read of the table would otherwise wade through."""
    from django.db import connection

    from gonghui.relocation.models import RelocatedWorker

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(RelocatedWorker._meta.db_table)}")


def import_ours(path: Path) -> None:
    from gonghui.bench.importrun import _root_scope
    from gonghui.imports.engine import run_import as engine_import
    from gonghui.relocation.importing import RelocatedImporter

    with path.open("rb") as stream:
        outcome = engine_import(RelocatedImporter(actor=None, scope=_root_scope()), stream,
                                path.name, dry_run=False)  # fmt: skip
    try:
        assert outcome.written, f"not written: {outcome.file_error or outcome.counts}"
        assert outcome.counts["create"] == outcome.rows, f"not all new: {outcome.counts}"
    finally:
        outcome.close()


def import_floor(path: Path) -> None:
    """The file read whole, its employers in one query, each row encrypted and placed."""
    from django.utils import timezone

    from gonghui.core import crypto
    from gonghui.core.bulk import load_rows
    from gonghui.core.reading import read_rows
    from gonghui.employers.models import Employer
    from gonghui.orgs.selectors import area_federations
    from gonghui.relocation.importing import CREATE_COLUMNS, INDUSTRY_NAMES
    from gonghui.relocation.models import RelocatedWorker, Status

    with path.open("rb") as stream:
        cells = read_rows(stream, path.name)
        next(cells)  # the header: the file's own layout is known
        rows = list(cells)
    codes = {row[5] for row in rows if row[5]}
    employers = {code: (pk, area, union) for code, pk, area, union in Employer.objects.filter(
        credit_code__in=codes).values_list("credit_code", "id", "area_id", "union_id")}  # fmt: skip
    homes, now, today = area_federations(), timezone.now(), timezone.localdate()
    encrypt, blind, registered = crypto.encrypt, crypto.blind_index, Status.REGISTERED.value
    made = []
    for name, number, mobile, industry, employer_name, code, given, relocated in rows:
        employer, area, union = employers[code] if code else (None, given, homes[given])
        made.append((name, encrypt(number), blind(number), encrypt(mobile) if mobile else None,
                     INDUSTRY_NAMES[industry].value, employer_name, employer, area, union,
                     dt.date.fromisoformat(relocated), today, registered, now))  # fmt: skip
    load_rows(RelocatedWorker, CREATE_COLUMNS, made)


if __name__ == "__main__":
    main()
