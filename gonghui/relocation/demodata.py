"""Relocated workers (转岗分流) in the demo city: miners of the closed pits of 贾汪区 and 铜山区 and
steelworkers elsewhere, on the register of the federation answering for their street (the former
employers are not in the registry), most reached by one to three services.

As `services.service_add` keeps them: `first_served_on` is the earliest service's date and a
re-employment marks the worker re-employed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gonghui.accounts.models import Role
from gonghui.cases.demorows import Table
from gonghui.core import crypto
from gonghui.demo.identifiers import ResidentIds
from gonghui.demo.names import person_name, trade_name, weighted_surnames
from gonghui.demo.services import DemoCity, Place
from gonghui.orgs.models import Union
from gonghui.orgs.selectors import area_federations
from gonghui.relocation.models import Industry, RelocatedWorker, ServiceKind, ServiceRecord, Status

MINES = {
    "320305": ("徐州矿务集团有限公司韩桥煤矿", "徐州矿务集团有限公司权台煤矿",
               "徐州矿务集团有限公司旗山煤矿", "徐州矿务集团有限公司夹河煤矿"),
    "320312": ("徐州矿务集团有限公司张小楼煤矿", "徐州矿务集团有限公司庞庄煤矿",
               "徐州矿务集团有限公司垞城煤矿", "徐州矿务集团有限公司义安煤矿"),
}  # fmt: skip
WORKERS = {Industry.COAL: (100, 130), Industry.STEEL: (8, 20)}  # per place
SERVED = 0.92  # the share of workers some service reached
PROVIDERS = {
    ServiceKind.SKILLS: "徐州市职工技能培训中心：电工、焊工上岗培训",
    ServiceKind.ENTREPRENEURSHIP: "SYB创业培训（市总工会职工创业服务中心）",
    ServiceKind.REFERRAL: "转岗职工专场招聘会",
    ServiceKind.HARDSHIP: "困难职工生活救助",
    ServiceKind.REEMPLOYED: "",
}
WORKER_COLUMNS = ("id", "name", "id_cipher", "id_blind", "mobile_cipher", "industry",
                  "employer_name", "employer_id", "area_id", "union_id", "relocated_on",
                  "registered_on", "first_served_on", "status", "left_on",
                  "updated_at")  # fmt: skip
SERVICE_COLUMNS = ("id", "worker_id", "kind", "served_on", "provider", "recorded_by_id",
                   "recorded_at")  # fmt: skip


def demo_tables(city: DemoCity) -> Iterator[Table]:
    rng, ids, surnames = city.rng, ResidentIds(city.rng), weighted_surnames()
    homes = area_federations()
    areas = dict(Union.objects.filter(pk__in=[p.street for p in city.places]).values_list(
        "pk", "area_id"))  # fmt: skip
    workers: list[tuple] = []
    services: list[tuple] = []
    for place in city.places:
        industry = Industry.COAL if place.district_code in MINES else Industry.STEEL
        employers = MINES.get(place.district_code) or (f"徐州{trade_name(rng)}钢铁有限公司",)
        area = areas[place.street]
        for _worker in range(rng.randint(*WORKERS[industry])):
            pk = len(workers) + 1
            number, _born = ids.draw(place.district_code, male=rng.random() < 0.85)
            relocated = city.today - dt.timedelta(days=rng.randint(3 * 365, 9 * 365))
            registered = relocated + dt.timedelta(days=rng.randint(10, 400))
            served = _services(city, place, pk, registered) if rng.random() < SERVED else []
            services += [(len(services) + n, *row) for n, row in enumerate(served, 1)]
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            reemployed = any(row[1] == ServiceKind.REEMPLOYED for row in served)
            workers.append((
                pk, person_name(rng, surnames, male=int(number[16]) % 2 == 1),
                crypto.encrypt(number), crypto.blind_index(number), crypto.encrypt(mobile),
                industry, rng.choice(employers), None, area, homes[area], relocated, registered,
                min((row[2] for row in served), default=None),
                Status.REEMPLOYED if reemployed else Status.REGISTERED, None,
                city.moment((city.today - registered).days),
            ))  # fmt: skip
    yield RelocatedWorker, WORKER_COLUMNS, workers
    yield ServiceRecord, SERVICE_COLUMNS, services


def _services(city: DemoCity, place: Place, worker: int, since: dt.date) -> list[tuple]:
    """One to three services after the registration, the last of them sometimes a new job."""
    rng, days = city.rng, (city.today - since).days
    kinds = rng.sample(
        [ServiceKind.SKILLS, ServiceKind.ENTREPRENEURSHIP, ServiceKind.REFERRAL,
         ServiceKind.HARDSHIP], rng.randint(1, 3),
    )  # fmt: skip
    if rng.random() < 0.25:
        kinds.append(ServiceKind.REEMPLOYED)
    dates = sorted(rng.randint(0, days) for _kind in kinds)
    return [
        (worker, kind, city.today - dt.timedelta(days=ago), PROVIDERS[kind],
         place.cadres[Role.STREET], city.moment(ago))
        for kind, ago in zip(kinds, reversed(dates), strict=True)
    ]  # fmt: skip
