"""Separation of duties (三权分立), over every URL pattern of the project: the system and
security administrators see no audit record and no member's personal data; the auditor sees
the audit pages and no organisation data elsewhere; Django admin (the system administrator's)
lists neither; a user holds one role, and an administrator role no union."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.test import Client

from gonghui.accounts.models import ADMIN_ROLES, Role, User
from gonghui.audit.models import AuditRecord
from gonghui.conftest import PASSWORD, World
from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.core.personal import PersonalData
from gonghui.core.scope import ScopedModel, visible_to
from gonghui.core.tests.test_scope_walk import (
    VALUES,
    _import_job,
    domain_samples,
    routes,
)
from gonghui.employers.models import Employer
from gonghui.hardship.models import Household
from gonghui.imports.models import ImportJob
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.portal.models import WorkerProfile

pytestmark = pytest.mark.django_db

# What only the trail holds: an entry nobody but the auditor may read.
TRAIL_MARK = "审计内容标记"


def _pages(world: World, client: Client) -> dict[str, str]:
    """Every URL pattern (with district A's records in its parameters) → the page's text."""
    a = world.a
    records = {Member: a.member, Employer: a.employer, Union: a.grassroots,
               ImportJob: _import_job(world, a)} | domain_samples(world, a)  # fmt: skip
    by_kwarg = {kwarg: records[model] for kwarg, model in ScopedModel.registry.items()
                if model in records} | VALUES  # fmt: skip
    pages = {}
    for route in routes():
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", _filler(by_kwarg), route.route)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[route.name] = f"{response.status_code} {body.decode('utf-8', errors='replace')}"
    return pages


def _filler(by_kwarg: dict[str, object]) -> Callable[[re.Match], str]:
    def fill(found: re.Match) -> str:
        value = by_kwarg[found[1]]
        return str(getattr(value, "pk", value))

    return fill


def _personal_data(world: World) -> list[str]:
    members = (world.a.member, world.b.member)
    return [TRAIL_MARK] + [value for m in members for value in (m.name, m.id_number, m.mobile)]


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_administrators_see_no_audit_record_and_no_personal_data(world: World, role: str) -> None:
    audit.record(actor=None, action="probe.trail", note=TRAIL_MARK)
    administrator = User.objects.create_user(username=f"x{role}", password=PASSWORD, role=role)
    secrets = _personal_data(world)
    pages = _pages(world, _client(administrator))
    shown = {name: [s for s in secrets if s in page] for name, page in pages.items()}
    assert {name: found for name, found in shown.items() if found} == {}
    audit_pages = {name: page[:3] for name, page in pages.items() if name.startswith("audit:")}
    assert set(audit_pages.values()) == {"403"}


def test_the_auditor_gets_no_organisation_data_outside_the_audit_pages(
    world: World, auditor: User
) -> None:
    pages = _pages(world, _client(auditor))
    records = [world.a.member, world.b.member, world.a.employer, world.b.employer,
               world.a.grassroots, world.b.grassroots, world.a.street, world.b.street]  # fmt: skip
    names = [record.name for record in records] + [world.a.member.id_number]
    shown = {name: [s for s in names if s in page] for name, page in pages.items()
             if not name.startswith("audit:")}  # fmt: skip
    assert {name: found for name, found in shown.items() if found} == {}
    assert {name: page[:3] for name, page in pages.items() if name.startswith("audit:")} == {
        "audit:list": "302",  # to itself, with the newest entry fixed
        "audit:detail": "200",
        "audit:export": "200",
        "audit:verify": "405",  # a POST only
    }


def test_django_admin_lists_no_audit_record_and_no_personal_data(world: World) -> None:
    registered = set(admin.site._registry)
    assert not registered & {AuditEntry, AuditRecord, Member, WorkerProfile, Household}
    assert not [m for m in registered if issubclass(m, ScopedModel | PersonalData)]
    client = _client(world.user("sysadmin"))
    secrets = _personal_data(world)
    for model in registered:
        page = client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
        assert not [s for s in secrets if s in page.content.decode()]


def test_a_user_holds_exactly_one_role() -> None:
    role = User._meta.get_field("role")
    assert isinstance(role, models.CharField) and not role.many_to_many
    assert role.choices == Role.choices
    user = User(username="two", role=f"{Role.SYSTEM_ADMIN},{Role.AUDITOR}")
    with pytest.raises(ValidationError, match="role"):
        user.full_clean()


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_an_administrator_role_holds_no_union(world: World, role: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="bound", role=role, org=world.a.federation)
    assert User.objects.create_user(username="free", role=role).scope.is_empty


def test_not_even_the_city_reads_the_trail_through_the_scope(world: World) -> None:
    """The city's federation sees the whole tree unfiltered; the trail is in no tree."""
    audit.record(actor=world.user("city"), action="member.update", obj=world.a.member)
    assert AuditRecord.objects.exists()
    assert not visible_to(AuditRecord, world.user("city")).exists()
