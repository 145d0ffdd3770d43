"""Who may call an endpoint: anyone authenticated reads (in their scope); editors write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class EditorOrReadOnly(permissions.IsAuthenticated):
    """Reads for every signed-in user or token; writes only for `may_edit` (a cadre, or a
    read-write token). The services check the same again, with the subtree of every object."""

    message = _("This token or account may read the registry but not change it.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or bool(
            getattr(request.user, "may_edit", False)
        )
