"""How the OpenAPI document describes the token authentication and the error answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers

from gonghui.api.filters import parameters_of


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "gonghui.api.auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "A token issued to a partner agency for one union's subtree "
                "(gonghui token create, or /api/v1/tokens/): `Authorization: Bearer gh_…`. "
                "It reads that subtree only; a read-write token may also register and change."
            ),
        }


class ApiSchema(AutoSchema):
    """The filters are Django forms, as on the web lists: an empty query parameter (`?kind=`)
    means no filter. The document says so, so that a client generated from it may send one."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return operation


_ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
_ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description=_('A bad parameter or a refused write: {"field": ["message", …]}'),
    ),
    401: OpenApiResponse(_ERROR, description=_("No token, or an unknown, revoked or expired one")),
    403: OpenApiResponse(_ERROR, description=_("The token or account may read but not write")),
    404: OpenApiResponse(_ERROR, description=_("No such record in the token's subtree")),
    429: OpenApiResponse(
        _ERROR, description=_("Too many requests: retry after Retry-After seconds")
    ),
}


def answers(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's responses: its success and the errors it may answer (401 and 429 always)."""
    return ok | {code: _ERRORS[code] for code in sorted({401, 429, *errors})}


def read_only(*, listed: str, one: str, out: type, filters: type) -> Callable[[type], type]:
    """The schema of a list-and-detail endpoint: its filters, its answers and their errors."""
    return extend_schema_view(
        list=extend_schema(
            summary=listed, parameters=parameters_of(filters), responses=answers({200: out}, 400)
        ),
        retrieve=extend_schema(summary=one, responses=answers({200: out}, 404)),
    )
