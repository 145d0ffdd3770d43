from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "gonghui.api"
    label = "api"
    verbose_name = _("Data API")

    def ready(self) -> None:
        from gonghui.api import schema  # noqa: F401 - registers the token's security scheme
