"""The authorization matrix (等保 2.0 三级 访问控制): every URL pattern × every principal (each
role, anonymous, an API token) × an object inside or outside the principal's subtree × each
HTTP method → the answer, checked against one rule (`problem`).

Shared by `gonghui authz matrix` (the table an assessor reruns) and
core/tests/test_authorization_matrix.py, which fails on any cell the rule does not expect.
The URL patterns and each domain's sample records come from the scope walk
(core/tests/test_scope_walk.py), so a new page or a new kind of record is walked here too.

Every request that may change something runs in a savepoint rolled back after it: a POST that
deletes a record does not take it away from the cells after it. What a request wrote is seen
by the statements it sent (`Writes`), which is how a refused request or a GET that changes a
business row is caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import resolve, reverse
from rest_framework.views import APIView

from gonghui.accounts.duties import WORKER_PAGES, allowed
from gonghui.accounts.models import ADMIN_ROLES, CADRE_ROLES, Role, User
from gonghui.api.auth import TokenPrincipal
from gonghui.api.services import token_create
from gonghui.conftest import District, World
from gonghui.core import crypto
from gonghui.core.scope import ScopedModel, scope_of, visible_to
from gonghui.core.security import PAGE_METHODS
from gonghui.core.tests.test_scope_walk import (
    VALUES,
    Route,
    _fill,
    _import_job,
    domain_samples,
    routes,
)
from gonghui.employers.models import Employer
from gonghui.imports.models import ImportJob
from gonghui.members.models import Member
from gonghui.orgs.models import Union
from gonghui.portal.models import WorkerProfile

# HEAD is answered as GET by Django (core/tests/test_safe_methods.py sends it on every page).
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SAFE_METHODS = ("GET", "HEAD")
ANONYMOUS = "anonymous"
TOKEN_READ = "token:read"  # noqa: S105 - a principal's name, not a secret
TOKEN_WRITE = "token:write"  # noqa: S105
MISSING = 987654321  # an id no record has


# Tables a request may write without changing the business: each with the reason. Everything
# else written by a GET, or by a refused request, is a finding.
BOOKKEEPING = {
    "core_auditentry": "the audit trail: reads of personal data, exports, refusals",
    "django_session": "the session: sign-in, last-seen stamp, language, messages",
    "accounts_requestrate": "request counts per client (rate limits)",
    "accounts_signinrate": "sign-in POSTs per client address",
    "accounts_signinfailures": "failed sign-ins of a username (lockout)",
    "api_apitoken": "when a token was last used",
    "accounts_totpdevice": "an authenticator secret made when its enrolment page is shown, "
    "unconfirmed until a code is posted",
    "kpi_tallyset": "today's KPI tallies, recounted on reading after a change (derived)",
    "kpi_nodetally": "the same tallies, per node",
    "kpi_changemark": "the changes a recount has taken in",
}
# Downloads whose sample record has no stored file: they answer 404 for the missing file (their
# own tests download a real one).
NO_FILE = {"cases:file", "imports:report"}
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Principal:
    """Who makes the requests: a role's user with a session, anonymous, or an API token."""

    name: str
    client: Client
    user: User | None = None
    token: TokenPrincipal | None = None  # a token: walked on the API endpoints only

    @property
    def role(self) -> str:
        return getattr(self.user, "role", "")

    @property
    def acting(self) -> User | TokenPrincipal | None:
        return self.token or self.user

    def sees(self, record: object) -> bool:
        """Whether the record is in the principal's subtree (`core.scope.visible_to`)."""
        if self.acting is None or not isinstance(record, ScopedModel):
            return False  # the audit trail is in no subtree
        return visible_to(type(record), self.acting).filter(pk=record.pk).exists()

    @property
    def has_subtree(self) -> bool:
        return self.acting is not None and not scope_of(self.acting).is_empty


@dataclass(frozen=True)
class Cell:
    view: str
    principal: str
    where: str  # "inside" / "outside" the principal's subtree, "-" for a page of no object
    method: str
    status: int
    problem: str = ""  # empty when the rule expects this answer


@dataclass
class Writes:
    """The tables the statements of one request wrote (an `execute_wrapper`)."""

    tables: set[str] = field(default_factory=set)

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        if found := _WRITE.match(sql):
            self.tables.add(found[1].lower())
        return execute(sql, params, many, context)

    @property
    def business(self) -> set[str]:
        return self.tables - set(BOOKKEEPING)


def principals(world: World) -> list[Principal]:
    """Anonymous, one signed-in user of every role (cadres and viewer in district A), and a
    read and a read-write API token of district A's federation."""
    users = world.users
    for role in (Role.SECURITY_ADMIN, Role.AUDITOR):
        if role not in users:
            users[role] = User.objects.create_user(username=role, role=role)
    if Role.WORKER not in users:
        users[Role.WORKER] = _worker()
    by_role = {Role.CITY: "city", Role.DISTRICT: "district", Role.STREET: "street",
               Role.GRASSROOTS: "grassroots", Role.VIEWER: "viewer",
               Role.SYSTEM_ADMIN: "sysadmin"}  # fmt: skip
    found = [Principal(ANONYMOUS, _client())]
    for role in Role:
        user = users[by_role.get(role, role)]
        client = _client()
        client.force_login(user)
        found.append(Principal(role, client, user))
    for name, access in ((TOKEN_READ, "read"), (TOKEN_WRITE, "read_write")):
        issued = token_create(actor=None, union=world.a.federation, name=name, access=access)
        client = _client(Authorization=f"Bearer {issued.secret}")
        found.append(Principal(name, client, token=TokenPrincipal(issued.token)))
    return found


def _client(**headers: str) -> Client:
    return Client(raise_request_exception=False, headers=headers)


def _worker() -> User:
    """A worker signed up at the portal (an account and its profile, no identity proven)."""
    user = User.objects.create_user(username="worker", role=Role.WORKER)
    mobile = "13900009999"
    WorkerProfile.objects.create(user=user, mobile_cipher=crypto.encrypt(mobile),
                                 mobile_blind=crypto.blind_index(mobile))  # fmt: skip
    return user


def records(world: World, district: District) -> dict[str, Any]:
    """URL parameter → the district's record of that kind."""
    found = {Member: district.member, Employer: district.employer, Union: district.grassroots,
             ImportJob: _import_job(world, district)} | domain_samples(world, district)  # fmt: skip
    return {kwarg: found[model] for kwarg, model in ScopedModel.registry.items() if model in found}


@contextmanager
def relaxed_rates() -> Iterator[None]:
    """The walk sends thousands of requests a minute: rate limits would answer 429."""
    with override_settings(GONGHUI_LOGIN_RATE=10**9, GONGHUI_API_RATE="1000000/min"):
        yield


def walk(world: World, patterns: list[Route] | None = None) -> Iterator[Cell]:
    """Every cell of the matrix (of every URL pattern, or of `patterns`), in pattern order."""
    objects = {"a": records(world, world.a), "b": records(world, world.b)}
    everyone = principals(world)
    with relaxed_rates():
        for route in routes() if patterns is None else patterns:
            for principal in everyone:
                if principal.token and not is_endpoint(route):
                    continue
                yield from _cells(route, principal, objects)


def _cells(
    route: Route, principal: Principal, objects: dict[str, dict[str, Any]]
) -> Iterator[Cell]:
    named = [kwarg for kwarg in route.kwargs if kwarg not in VALUES]
    if not named:
        places = [("-", _url(route, {}))]
    else:
        # Without a subtree (administrators, workers, anonymous) A's records are as foreign
        # as B's: one of them is enough.
        districts = ("a", "b") if principal.has_subtree else ("a",)
        places = [(_where(principal, [objects[d][kwarg] for kwarg in named]),
                   _url(route, {kwarg: objects[d][kwarg].pk for kwarg in named}))
                  for d in districts]  # fmt: skip
    missing = _url(route, dict.fromkeys(named, MISSING))
    for method in METHODS:
        for where, url in places:
            rule = Rule(route, principal, where, method)
            status, location, wrote = request(principal, method, url)
            expected = None
            if where == "outside" and not rule.refused_at_the_door:
                expected = request(principal, method, missing)[0]
            yield Cell(route.name, principal.name, where, method, status,
                       rule.problem(status, location, wrote, expected))  # fmt: skip


def _where(principal: Principal, records: list[Any]) -> str:
    return "inside" if all(principal.sees(record) for record in records) else "outside"


def _url(route: Route, values: dict[str, object]) -> str:
    return "/" + _fill(route.route, values | VALUES)


def is_endpoint(route: Route) -> bool:
    """A DRF endpoint of the API (token or session); the API's token pages are plain pages."""
    view = _view(route)
    return isinstance(getattr(view, "cls", None), type) and issubclass(view.cls, APIView)


def _view(route: Route) -> Callable:
    return resolve(_url(route, dict.fromkeys(route.kwargs, 1))).func


def request(
    principal: Principal, method: str, url: str, *, rollback: bool = True
) -> tuple[int, str, set[str]]:
    """Send one request (rolled back unless told); its status, redirect and the business tables
    it wrote."""
    writes = Writes()
    with transaction.atomic(), connection.execute_wrapper(writes):
        response = principal.client.generic(method, url)
        transaction.set_rollback(rollback)
    _stay_signed_in(principal, response)
    return response.status_code, response.get("Location", ""), writes.business


def _stay_signed_in(principal: Principal, response: HttpResponse) -> None:
    """Signing out (or an idle limit) empties the session cookie: sign in again for the next
    cell, as the rolled-back database still holds the session."""
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    if principal.user is not None and cookie is not None and not cookie.value:
        principal.client.force_login(principal.user)


@dataclass(frozen=True)
class Rule:
    """What one cell must answer. Checked in order; the first that applies decides."""

    route: Route
    principal: Principal
    where: str
    method: str

    def problem(  # noqa: PLR0911 - one rule, read top to bottom
        self, status: int, location: str, wrote: set[str], missing: int | None
    ) -> str:
        """What is wrong with the answer, or "" when it is the expected one."""
        if status >= 500:
            return "a server error"
        if wrote and (self.method in SAFE_METHODS or status >= 400):
            return f"{self.method} {'refused' if status >= 400 else 'answered'} and wrote " + (
                ", ".join(sorted(wrote)))  # fmt: skip
        if wrote and not self.may_write:
            return "a principal who may not change the registry wrote " + ", ".join(sorted(wrote))
        if self.principal.name == ANONYMOUS:
            return self._anonymous(status, location, missing)
        if self.refused_at_the_door:
            return _expect(status, {403}, "an administrator outside their own pages, or a "
                           "worker outside the portal")  # fmt: skip
        if self.method not in PAGE_METHODS and not is_endpoint(self.route):
            return _expect(status, {405}, f"a page asked to {self.method}")
        if self.principal.role in ADMIN_ROLES:
            return ""  # their own pages (audit records, Django admin) hold no subtree's data
        if self.where == "outside":
            if status < 400 or status != missing:
                return f"{status} outside the subtree, {missing} for a missing record"
        elif self.where == "inside" and status == 404 and self.may_see:
            return "404 for a record inside the subtree"
        return ""

    @property
    def refused_at_the_door(self) -> bool:
        """Refused whatever the object: anonymous on a page that needs signing in, an
        administrator outside their own pages, a worker outside the portal."""
        role = self.principal.role
        if self.principal.name == ANONYMOUS:
            return not self.is_public
        if role in ADMIN_ROLES:
            return not allowed(role, self.route.name, self.namespace)
        return role == Role.WORKER and not self.is_worker_page

    def _anonymous(self, status: int, location: str, missing: int | None) -> str:
        if self.is_public:
            if missing is not None and status != missing:
                return f"{status} for a record, {missing} for a missing one"
            return ""
        if is_endpoint(self.route):
            return _expect(status, {401, 403}, "anonymous on the API")
        sign_in = (reverse(settings.LOGIN_URL), reverse("portal:signin"))
        if status != 302 or not location.startswith(sign_in):
            return f"{status} {location}: anonymous must be sent to a sign-in page"
        return ""

    @property
    def namespace(self) -> str:
        return self.route.name.rpartition(":")[0]

    @property
    def is_public(self) -> bool:
        """Open without signing in (`login_not_required`); the API's endpoints answer 401."""
        view = _view(self.route)
        return getattr(view, "login_required", True) is False and not is_endpoint(self.route)

    @property
    def is_worker_page(self) -> bool:
        return self.route.name in WORKER_PAGES or self.namespace in WORKER_PAGES

    @property
    def may_write(self) -> bool:
        """Cadres, read-write tokens, and workers (their own applications) change records."""
        principal = self.principal
        if principal.token is not None:
            return principal.token.may_edit
        return principal.role in (*CADRE_ROLES, Role.WORKER)

    @property
    def may_see(self) -> bool:
        """Cadres, viewers and tokens see their subtree's records (a download of no file aside)."""
        return self.route.name not in NO_FILE and (
            self.principal.token is not None or self.principal.role in (*CADRE_ROLES, Role.VIEWER)
        )


def _expect(status: int, statuses: set[int], who: str) -> str:
    return "" if status in statuses else f"{status} for {who}, expected {sorted(statuses)}"


def problems(cells: list[Cell]) -> list[str]:
    return [f"{c.principal} {c.method} {c.view} ({c.where}) → {c.status}: {c.problem}"
            for c in cells if c.problem]  # fmt: skip
