"""Separation of duties (三权分立) at the door: the three administrators reach their own pages
and nothing of the cadres' platform; a worker (signed in at the portal) reaches the portal and
the domains' worker pages only.

Their scope is already empty (no organisation data on any page); this makes the refusal
explicit: a system administrator, security administrator or auditor who opens a cadre page,
an export or an API call with a session gets 403 instead of an empty list. The pages each
may open are listed here, in one place; Django admin and the audit pages also check the role
themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from gonghui.accounts.models import ADMIN_ROLES, Role

# URL namespaces (or names) every signed-in administrator may open: signing in and out, the
# language, the home page (empty for them).
EVERY_ADMINISTRATOR = {"accounts", "set_language", "overview:home"}
OWN_PAGES = {
    Role.SYSTEM_ADMIN: {"admin"},
    Role.SECURITY_ADMIN: set(),
    Role.AUDITOR: {"audit"},
}
# Pages (URL namespaces or names) a worker may open: every other page answers 403.
WORKER_PAGES = frozenset({
    "portal", "hardship:worker_files", "hardship:worker_apply", "hardship:worker_file",
    "legalaid:my", "legalaid:book", "legalaid:cancel", "legalaid:my_dispute",
    "accounts:logout", "set_language",
})  # fmt: skip


def allowed(role: str, url_name: str, namespace: str) -> bool:
    """Whether an administrator of `role` may open the page named `url_name`."""
    pages = EVERY_ADMINISTRATOR | OWN_PAGES.get(role, set())
    return url_name in pages or namespace.partition(":")[0] in pages


class AdministratorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: object, *args: object) -> None:
        role = getattr(getattr(request, "user", None), "role", None)
        match = request.resolver_match
        if match is None:
            return
        if role in ADMIN_ROLES and not allowed(role, match.view_name, match.namespace):
            raise PermissionDenied
        if role == Role.WORKER and not (
            match.view_name in WORKER_PAGES or match.namespace in WORKER_PAGES
        ):
            raise PermissionDenied
