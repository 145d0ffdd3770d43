"""Form helpers shared by the domains."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# What a scanned document may be, told by its first bytes, never by its name.
EVIDENCE_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff")


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (2026-11-25), whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def save_if_valid(request: HttpRequest, form: forms.Form, save: Callable[[], T]) -> T | None:
    """On a POST of a valid form, run `save` (a service call) and return what it returns.

    A service's refusal is shown on the form and gives None, as does a GET or invalid input:
    the view then renders the form again, with nothing written.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save()
    except ValidationError as error:
        add_service_error(form, error)
        return None


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            form.add_error(target if field != NON_FIELD_ERRORS else None, messages)
    else:
        form.add_error(None, error)


class EvidenceFileField(forms.FileField):
    """A scanned document kept as evidence: PDF, PNG or JPEG, checked by content, ≤ 20 MB."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".pdf,image/png,image/jpeg"})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        document = super().clean(data, initial)
        if not document:
            return None
        if document.size > MAX_EVIDENCE_BYTES:
            raise ValidationError(_("The document is larger than 20 MB."), code="size")
        head = document.read(8)
        document.seek(0)
        if not head.startswith(EVIDENCE_SIGNATURES):
            raise ValidationError(_("Only PDF, PNG or JPEG documents are accepted."), code="type")
        return document
