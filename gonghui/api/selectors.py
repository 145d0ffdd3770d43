"""Reading API tokens: the cadre's list, one token, the token a request presents."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.api.models import ApiToken, secret_hash
from gonghui.core.scope import get_visible_or_404, visible_to
from gonghui.orgs.models import Union


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    return visible_to(ApiToken, user).select_related("union", "created_by")


def token_get(*, user: Any, token_id: object) -> ApiToken:
    return get_visible_or_404(ApiToken, user, token_id, ApiToken.objects.select_related("union"))


def token_nodes(*, user: Any) -> QuerySet[Union]:
    """The nodes a cadre may bind a token to: the federations of the subtree and the cadre's
    own node (a district lists its streets, not its thousands of grassroots unions)."""
    own = Q(pk=user.org_id) if getattr(user, "org_id", None) else Q(pk__in=[])
    federations = ~Q(kind__in=Union.GRASSROOTS_KINDS)
    return visible_to(Union, user).filter(federations | own).order_by("path")


def token_by_secret(secret: str) -> ApiToken | None:
    """The token a request presents, whatever its state (the caller says why it is refused).

    Unscoped on purpose: this is how a request gets its scope in the first place.
    """
    tokens = ApiToken.objects.select_related("union__area", "created_by")
    return tokens.filter(secret_hash=secret_hash(secret)).first()
