"""Errors as JSON: a service's refusal (`core.services.refuse`) becomes a 400.

The services raise Django's ValidationError, with the message already in the request's
language and the field it concerns; the body is DRF's usual shape, `{"field": ["message"]}`
(`non_field_errors` when the refusal names no field).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    return drf_exception_handler(exc, context)
