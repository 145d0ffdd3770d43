from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "gonghui.legalaid"
    label = "legalaid"
    verbose_name = _("Legal aid")
