from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelocationConfig(AppConfig):
    name = "gonghui.relocation"
    label = "relocation"
    verbose_name = _("Relocated workers")
