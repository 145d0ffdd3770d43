"""Loading the demo city (徐州市): areas, union tree, employers, contracts, "六有" assessments,
members and accounts, then the service platform's records (`demo/services.py`), in one
transaction, through the raw bulk loader with explicit ids."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import bulk
from gonghui.demo import people, tree, workplaces
from gonghui.demo.accounts import DemoAccount, create_demo_accounts
from gonghui.demo.identifiers import CreditCodes
from gonghui.demo.places import DISTRICTS
from gonghui.demo.scales import Scale
from gonghui.demo.services import load_service_tables
from gonghui.demo.workplaces import Street
from gonghui.employers.models import CollectiveContract, Employer
from gonghui.kpi.services import keep_months, plan_load
from gonghui.members.models import Member
from gonghui.orgs.models import Area, SixHavesAssessment, Union

Progress = Callable[[str], None]

UNION_COLUMNS = ("id", "name", "kind", "parent_id", "path", "area_id", "credit_code", "founded_on")
EMPLOYER_COLUMNS = ("id", "credit_code", "name", "ownership", "industry", "headcount", "area_id",
                    "union_id", "congress_since", "registered_on", "unionised_on")  # fmt: skip
CONTRACT_COLUMNS = ("id", "employer_id", "kind", "signed_on", "expires_on", "document")
SIX_HAVES_COLUMNS = ("id", "union_id", "item", "met", "assessed_on", "evidence", "note")
LOADED_MODELS = (Union, Employer, CollectiveContract, SixHavesAssessment, Member)


class DatabaseNotEmptyError(Exception):
    """The database already holds business data and no reset was asked for."""


@dataclass(frozen=True)
class LoadedTable:
    model: type[Model]
    rows: int
    seconds: float  # generating and loading the rows, building the indexes


@dataclass(frozen=True)
class DemoResult:
    tables: list[LoadedTable]
    accounts: list[DemoAccount]
    seconds: float

    def table(self, model: type[Model]) -> LoadedTable:
        return next(table for table in self.tables if table.model is model)


def has_business_data() -> bool:
    return Union.objects.exists() or Employer.objects.exists()


def demo_load(
    *,
    scale: Scale,
    seed: int,
    password: str,
    reset: bool = False,
    today: dt.date | None = None,
    progress: Progress = lambda message: None,
) -> DemoResult:
    """Load the demo city, all or nothing. Refuses a database with business data unless
    `reset`, which first deletes it (unions, employers, members, users and whatever refers to
    them, the audit trail included). The same seed gives the same city; only the ciphertexts
    differ, as each encryption draws a fresh nonce."""
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if has_business_data():
            if not reset:
                raise DatabaseNotEmptyError(
                    _("The database already holds unions or employers; nothing was loaded.")
                )
            progress(_("Deleting the existing business data and accounts…"))
            bulk.clear_tables([Union, Employer, get_user_model()])
        tables, union_tree = _load_city(scale=scale, seed=seed, today=today, progress=progress)
        accounts = create_demo_accounts(tree=union_tree, password=password)
        bulk.reset_sequences(LOADED_MODELS)
        progress(_("Cases, hardship files, legal aid and relocated workers…"))
        for model, written, seconds in load_service_tables(
            seed=seed, today=today, password=password
        ):
            tables.append(LoadedTable(model, written, seconds))
        bulk.analyze(LOADED_MODELS)
        # The source article's targets, as the city's plan for this year.
        plan_load(actor=None, org=Union.objects.get(parent=None), year=today.year)
    if scale.snapshot_months:
        progress(_("Counting the figures of past months for the trend lines…"))
        keep_months(scale.snapshot_months, today)
    return DemoResult(tables=tables, accounts=accounts, seconds=time.monotonic() - started)


def demo_streets(scale: Scale) -> list[Street]:
    return [
        Street(code, name, district)
        for district in DISTRICTS
        for code, name in district.subdivisions()[: scale.streets_per_district]
    ]


def _load_city(
    *, scale: Scale, seed: int, today: dt.date, progress: Progress
) -> tuple[list[LoadedTable], tree.UnionTree]:
    rng = Random(seed)
    codes = CreditCodes(rng)
    streets = demo_streets(scale)
    tables = [_load_missing_areas(streets)]
    employers = workplaces.plan_employers(rng, scale, streets, codes, today=today)
    union_tree = tree.build_tree(
        rng, codes, streets, employers, joint_size=scale.employers_per_joint_union
    )
    total = sum(employer.member_count for employer in employers)
    members = people.member_rows(
        rng,
        employers,
        today=today,
        updated_at=timezone.now(),
        on_progress=lambda done: progress(
            _("%(model)s: %(done)d of %(total)d…")
            % {"model": _plural(Member), "done": done, "total": total}
        ),
    )
    steps = (
        (Union, UNION_COLUMNS, tree.union_rows(union_tree)),
        (Employer, EMPLOYER_COLUMNS, workplaces.employer_rows(employers)),
        (CollectiveContract, CONTRACT_COLUMNS,
         workplaces.contract_rows(rng, employers, today=today)),
        (SixHavesAssessment, SIX_HAVES_COLUMNS, tree.six_haves_rows(rng, union_tree, today=today)),
        (Member, people.COLUMNS, members),
    )  # fmt: skip
    for model, columns, rows in steps:
        started = time.monotonic()
        # The tables are empty here (a fresh or reset database): building their indexes
        # after the rows is several times faster than growing them row by row.
        with bulk.indexes_deferred(model):
            written = bulk.load_rows(model, columns, rows)
        tables.append(LoadedTable(model, written, time.monotonic() - started))
        progress(_("%(model)s: %(count)d") % {"model": _plural(model), "count": written})
    return tables, union_tree


def _load_missing_areas(streets: list[Street]) -> LoadedTable:
    """Areas are reference data that may already be there (a reset keeps them)."""
    started = time.monotonic()
    rows = tree.area_rows(streets)
    existing = set(
        Area.objects.filter(code__in=[row[0] for row in rows]).values_list("code", flat=True)
    )
    missing = [row for row in rows if row[0] not in existing]
    written = bulk.load_rows(Area, ("code", "name", "level", "parent_id"), missing)
    return LoadedTable(Area, written, time.monotonic() - started)


def _plural(model: type[Model]) -> str:
    return str(model._meta.verbose_name_plural)
