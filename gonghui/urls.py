"""URLs read as the domain: /unions/, /employers/, /members/; no language prefix."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("gonghui.overview.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("unions/", include("gonghui.orgs.urls")),
    path("employers/", include("gonghui.employers.urls")),
    path("members/", include("gonghui.members.urls")),
    path("imports/", include("gonghui.imports.urls")),
    path("kpi/", include("gonghui.kpi.urls")),
    path("cases/", include("gonghui.cases.urls")),
    path("portal/", include("gonghui.portal.urls")),
    path("hardship/", include("gonghui.hardship.urls")),
    path("legal/", include("gonghui.legalaid.urls")),
    path("relocation/", include("gonghui.relocation.urls")),
    path("audit/", include("gonghui.audit.urls")),
    path("api/v1/", include("gonghui.api.urls")),
    # Switching the language is open to everyone, the sign-in page included.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
