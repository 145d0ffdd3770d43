"""URLs read as the domain: /unions/, /employers/, /members/; no language prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.overview.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("unions/", include("gonghui.orgs.urls")),
    path("employers/", include("gonghui.employers.urls")),
    path("members/", include("gonghui.members.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
