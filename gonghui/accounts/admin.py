from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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
