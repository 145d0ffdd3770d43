from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "gonghui.employers"
    label = "employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        from gonghui.employers import exporting  # noqa: F401 - registers the employers export
