"""Password rules beyond Django's own (等保 2.0 level 3, 身份鉴别): a mix of character classes
and no reuse of the last few passwords. Both are listed in `AUTH_PASSWORD_VALIDATORS`, so
every form that sets a password (admin, `changepassword`, the portal's sign-up) applies them;
`create_user` in tests and the demo's bulk accounts do not run validators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.accounts.models import PasswordHistory

CHARACTER_CLASSES = (str.islower, str.isupper, str.isdigit)


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and symbols (anything else) `password` has."""
    found = {
        index for char in password for index, test in enumerate(CHARACTER_CLASSES) if test(char)
    }
    symbols = any(not any(test(char) for test in CHARACTER_CLASSES) for char in password)
    return len(found) + symbols


class CharacterClassesValidator:
    """At least `min_classes` of the four classes: lower, upper, digit, symbol."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_plain")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(count)d of: lower-case letters, upper-case "
            "letters, digits and symbols."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """Not the current password nor one of the `depth` before it. Each password set is kept as
    its hash (`PasswordHistory`) by `password_changed`, which Django calls on every save after
    `set_password`."""

    def __init__(self, depth: int = 5) -> None:
        self.depth = depth

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [user.password, *self._recent(user).values_list("password", flat=True)]
        if any(check_password(password, hashed) for hashed in hashes if hashed):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        kept = self._recent(user).values_list("pk", flat=True)
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(kept)).delete()

    def get_help_text(self) -> str:
        return _("Your password cannot be one of your last %(count)d passwords.") % {
            "count": self.depth
        }

    def _recent(self, user: Any) -> Any:
        return PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")[
            : self.depth
        ]
