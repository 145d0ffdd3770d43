from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from gonghui.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "org", "is_active", "last_login")
    list_filter = ("role", "is_active")
    raw_id_fields = ("org",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Place in the union tree"), {"fields": ("role", "org")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Place in the union tree"), {"fields": ("role", "org")}),
    )


_admin_login = admin.site.login


@login_not_required
@never_cache
def _login_with_second_step(
    request: HttpRequest, extra_context: dict | None = None
) -> HttpResponse:
    """Django admin's sign-in form knows no second factor (its sign-in would be refused by
    `second_factor._refuse_unchecked_sign_in`): where one is required, a visitor is sent to
    the two-step sign-in instead. A signed-in user still gets admin's own page ("not
    authorised"), or the two pages would send them back and forth."""
    if settings.GONGHUI_TOTP_REQUIRED and not request.user.is_authenticated:
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME, reverse("admin:index")))
    return _admin_login(request, extra_context)


admin.site.login = _login_with_second_step  # type: ignore[method-assign]
