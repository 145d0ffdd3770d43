from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Connect the sign-in signal receivers (failure counting, session stamps, the guard
        # against a sign-in that skipped the second step).
        from gonghui.accounts import lockout, middleware, second_factor  # noqa: F401
