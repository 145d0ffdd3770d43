from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "gonghui.legalaid"
    label = "legalaid"
    verbose_name = _("Legal aid")

    def ready(self) -> None:
        from gonghui.legalaid import view

        # Out of the way of SQLite's table rebuilds during any migrate (see view.py).
        pre_migrate.connect(view.drop_view, sender=self, dispatch_uid="legalaid-view-drop")
        post_migrate.connect(view.restore_view, sender=self, dispatch_uid="legalaid-view-up")
