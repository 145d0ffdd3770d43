from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = _("Union organisations")

    def ready(self) -> None:
        from gonghui.orgs import exporting  # noqa: F401 - registers the orgs export
