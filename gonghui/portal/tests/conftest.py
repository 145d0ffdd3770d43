from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from gonghui.conftest import World, resident_id
from gonghui.employers.models import Employer
from gonghui.members.models import Member
from gonghui.members.services import member_create
from gonghui.orgs.models import Union
from gonghui.portal.codes import code_send
from gonghui.portal.services import identity_prove, worker_signup
from gonghui.portal.sms import MemoryBackend

WORKER_PASSWORD = "Worker-password-2026"
WORKER_ID = resident_id("320302", "19950505", 33)


@pytest.fixture(autouse=True)
def outbox(settings: Any) -> list[tuple[str, str]]:
    """Messages the in-memory SMS gateway 'sent', newest last."""
    settings.GONGHUI_SMS_BACKEND = "gonghui.portal.sms.MemoryBackend"
    MemoryBackend.outbox = []
    return MemoryBackend.outbox


def last_code(outbox: list[tuple[str, str]]) -> str:
    return "".join(char for char in outbox[-1][1] if char.isdigit())[:6]


def sign_up(outbox: list[tuple[str, str]], mobile: str) -> Any:
    code_send(mobile=mobile)
    return worker_signup(mobile=mobile, code=last_code(outbox), password=WORKER_PASSWORD)


@pytest.fixture
def worker(world: World, outbox: list[tuple[str, str]]) -> Any:
    """A worker of district A's machine works, signed up and with a proven identity."""
    user = sign_up(outbox, "13900001111")
    identity_prove(actor=user, name="王五", id_number=WORKER_ID)
    world.users["worker"] = user
    return user


def enrol(world: World, employer: Employer, holding_union: Union | None = None) -> Member:
    """The worker 王五 as an active member at `employer` (recorded by the city's cadre)."""
    return member_create(actor=world.user("city"), name="王五", id_number=WORKER_ID, mobile="",
                         employer=employer, holding_union=holding_union,
                         joined_on=dt.date(2020, 1, 1))  # fmt: skip


def figure(key: str, org: str) -> float:
    """A metric's numerator today at a node (`gonghui kpi --org`: an area code or U<id>)."""
    out = StringIO()
    call_command("kpi", "--json", "--org", org, stdout=out)
    rows = json.loads(out.getvalue())["rows"]
    return next(row for row in rows if row["metric"] == key)["numerator"]
