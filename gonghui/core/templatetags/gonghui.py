"""Template filters shared by every page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.8654 → 86.5%; no value → an em dash."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


@register.filter
def yes_no(value: object) -> str:
    return _("Yes") if value else _("No")
