"""Helpers shared by the domains' write services."""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import ScopedModel, visible_to


def refuse(message: str, *, code: str, field: str | None = None) -> NoReturn:
    """Stop a write with a message for the user, beside `field` when one is named.

    The code survives either way, so imports can report refusals row by row.
    """
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


def require_editor(actor: Any) -> None:
    """Only cadres change the registry; viewers and administrators are refused."""
    if not getattr(actor, "may_edit", False):
        refuse(_("Your role may read the registry but not change it."), code="role")


def require_visible(actor: Any, obj: ScopedModel, field: str | None) -> None:
    """An object chosen in a form or a file must lie in the actor's subtree.

    `field` names the form field that chose it, so the message lands beside it.
    """
    model = type(obj)
    if not visible_to(model, actor).filter(pk=obj.pk).exists():
        message = _("%(name)s is outside your part of the union tree.") % {"name": obj}
        refuse(message, code="out_of_scope", field=field)


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited view of a record: plain values, personal data never in clear."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, f"{name}_id", None) if _is_relation(obj, name) else getattr(obj, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _is_relation(obj: models.Model, name: str) -> bool:
    return obj._meta.get_field(name).is_relation
