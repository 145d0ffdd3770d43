"""Requests per token (or per signed-in user) and period: `GONGHUI_API_RATE`, e.g. 120/min.

Past the rate DRF answers 429 with `Retry-After`. The counts live in the `api-throttle` cache
(files under the data directory), shared by every gunicorn worker of the machine: a
per-process memory cache would let each worker count on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from gonghui.api.auth import token_of

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class PrincipalRateThrottle(SimpleRateThrottle):
    cache = caches["api-throttle"]

    def get_rate(self) -> str:
        # Read per request (not frozen at import like DRF's THROTTLE_RATES), so a changed
        # setting applies at once.
        return settings.GONGHUI_API_RATE

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = token_of(request.user)
        if token is not None:
            return f"api-rate:token:{token.pk}"
        if request.user.is_authenticated:
            return f"api-rate:user:{request.user.pk}"
        return None  # refused before throttling: anonymous requests get a 401
