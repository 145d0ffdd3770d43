from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardshipConfig(AppConfig):
    name = "gonghui.hardship"
    label = "hardship"
    verbose_name = _("Hardship aid")

    def ready(self) -> None:
        from gonghui.hardship import exporting  # noqa: F401 - registers the hardship export
