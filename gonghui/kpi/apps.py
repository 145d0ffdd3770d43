from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "gonghui.kpi"
    label = "kpi"
    verbose_name = _("Targets and indicators")

    def ready(self) -> None:
        # Each domain declares its metrics in its own metrics.py (see kpi/registry.py).
        autodiscover_modules("metrics")
        from gonghui.kpi import checks, signals  # noqa: F401 - checks register themselves

        signals.connect()
