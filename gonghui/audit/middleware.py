"""Every refused request enters the audit trail (安全审计: 访问控制失败也要记录).

One place for all of them, whatever refused: a 401 or 403 (no token, a permission, an
administrator outside their own pages), a 429 (too many requests), and a 404 for a URL that
names an object — the user answered exactly as for a missing row, while the trail tells the
auditor whether the object exists outside the user's subtree or does not exist at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gonghui.core import audit
from gonghui.core.http import client_address
from gonghui.core.scope import ScopedModel

REFUSALS = {401: "unauthenticated", 403: "forbidden", 429: "throttled"}


class RefusedAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        result = REFUSALS.get(response.status_code)
        named = _named_objects(request)
        if result is None and response.status_code == 404 and named:
            result = "outside_scope" if any(_exists(*item) for item in named) else "missing"
        if result is not None:
            audit.record(
                actor=getattr(request, "user", None),
                action="access.refused",
                result=result,
                remote_addr=client_address(request),
                method=request.method,
                path=request.path,
                status=response.status_code,
                objects={kwarg: str(value) for kwarg, value, _model in named},
            )
        return response


def _named_objects(request: HttpRequest) -> list[tuple[str, object, type[ScopedModel]]]:
    """The scoped objects the resolved URL names: (URL parameter, value, model)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    return [
        (kwarg, value, ScopedModel.registry[kwarg])
        for kwarg, value in match.kwargs.items()
        if kwarg in ScopedModel.registry
    ]


def _exists(kwarg: str, value: object, model: type[ScopedModel]) -> bool:
    try:
        return model._default_manager.filter(pk=value).exists()
    except (ValueError, TypeError):
        return False
