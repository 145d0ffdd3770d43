"""How the OpenAPI document describes our token authentication."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
