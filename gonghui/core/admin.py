"""Django admin is for the system administrator only (三权分立); it shows no business data."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _system_administrator_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and getattr(user, "role", None) == "sysadmin")


admin.site.has_permission = _system_administrator_only  # type: ignore[method-assign]
admin.site.site_header = _("Gonghui administration")
