"""Who an API request acts for: a partner's bearer token, or the signed-in user's session.

A token authenticates as a `TokenPrincipal`, which looks to the rest of the code like a user:
it has the token node's `scope`, `may_edit` only for a read-write token, and never
`may_unmask`. So `core.scope.visible_to` and the domains' services (`require_editor`,
`require_visible`) apply the token's subtree exactly as they apply a cadre's: there is no
second filtering mechanism for the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from gonghui.api import selectors, services
from gonghui.api.models import ApiToken
from gonghui.core.scope import Scope
from gonghui.orgs.models import Union

KEYWORD = "Bearer"


@dataclass(eq=False)
class TokenPrincipal:
    """A partner agency acting through its token, in the token node's subtree."""

    token: ApiToken

    is_authenticated = True
    is_anonymous = False
    is_active = True
    may_unmask = False  # the API never shows full ID numbers or mobiles

    @cached_property
    def scope(self) -> Scope:
        return self.token.union.as_scope()

    @property
    def org(self) -> Union:
        return self.token.union

    @property
    def org_id(self) -> int:
        return self.token.union_id

    @property
    def may_edit(self) -> bool:
        return self.token.may_write

    @property
    def pk(self) -> int | None:
        # The cadre who issued the token answers for what it changes: audit entries written
        # by the services name them (the API adds an entry naming the token itself).
        return self.token.created_by_id

    def __str__(self) -> str:
        return str(self.token)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`. No such header: the next method (the session) tries."""

    def authenticate(self, request: Request) -> tuple[TokenPrincipal, ApiToken] | None:
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as 'Authorization: Bearer <token>'.")
            )
        token = _usable(selectors.token_by_secret(words[1].decode("latin-1")))
        services.token_mark_used(token)
        return TokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        # Named in the 401 answer's WWW-Authenticate header (and what makes DRF answer 401).
        return f'{KEYWORD} realm="api"'


def _usable(token: ApiToken | None) -> ApiToken:
    """The token, or a 401 that tells the partner what to do about it."""
    if token is None:
        raise exceptions.AuthenticationFailed(_("Unknown API token."))
    if token.revoked_at is not None:
        when = f"{timezone.localtime(token.revoked_at):%Y-%m-%d}"
        message = _("This API token was revoked on %(date)s; ask for a new one.")
        raise exceptions.AuthenticationFailed(message % {"date": when})
    if token.is_expired():
        when = f"{timezone.localtime(token.expires_at):%Y-%m-%d}"
        message = _("This API token expired on %(date)s; ask for a new one.")
        raise exceptions.AuthenticationFailed(message % {"date": when})
    return token


def token_of(user: Any) -> ApiToken | None:
    """The token a request's principal acts through (None for a signed-in user)."""
    return user.token if isinstance(user, TokenPrincipal) else None
