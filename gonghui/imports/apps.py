from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Each domain registers what it imports from its own `importing.py`.
        autodiscover_modules("importing")
