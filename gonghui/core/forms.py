"""Form helpers shared by the domains."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class DateInput(forms.DateInput):
    input_type = "date"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            form.add_error(target if field != NON_FIELD_ERRORS else None, messages)
    else:
        form.add_error(None, error)
