from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "gonghui.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Each domain declares its case types in its own workflows.py (see cases/workflow.py).
        autodiscover_modules("workflows")
