"""The building blocks of every endpoint: add a viewset on `ApiViewSet` and it gets the
token or session authentication, the subtree scope, keyset pages, the rate limit and JSON
errors from the settings (REST_FRAMEWORK)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.db import models, transaction
from rest_framework import exceptions, serializers, viewsets

from gonghui.api.auth import token_of
from gonghui.core import audit

T = TypeVar("T", bound=models.Model)


class NoSignInRedirect:
    """DRF answers 401/403 itself: keep the project's LoginRequiredMiddleware from sending an
    API client to the sign-in page."""

    @classmethod
    def as_view(cls, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return login_not_required(super().as_view(*args, **kwargs))  # type: ignore[misc]


class ApiViewSet(NoSignInRedirect, viewsets.GenericViewSet):
    """A viewset over scoped rows, routed as `<int:…>` with the model's `url_kwarg`.

    The list reads `filter_form` (a Django form whose `rows()` goes through the domain's
    selectors; a bad filter value is a 400); `get_object` must go through a scoped selector.
    """

    filter_form: type[forms.Form]
    lookup_value_converter = "int"

    def get_queryset(self) -> models.QuerySet:
        form = self.filter_form(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise exceptions.ValidationError(
                {field: [error["message"] for error in found] for field, found in errors.items()}
            )
        return form.rows()

    def valid_input(self, serializer: type[serializers.Serializer], **kwargs: Any) -> Any:
        """The request body checked by an input serializer: its declared fields only."""
        checked = serializer(data=self.request.data, context=self.get_serializer_context(),
                             **kwargs)  # fmt: skip
        checked.is_valid(raise_exception=True)
        return checked.validated_data

    def audited_write(self, write: Callable[[], T]) -> T:
        """Run a service's write; for a token, add in the same transaction an entry naming
        the token (the service's own entry names the cadre who issued it)."""
        token = token_of(self.request.user)
        with transaction.atomic():
            saved = write()
            if token is not None:
                audit.record(actor=self.request.user, action="api.write", obj=saved,
                             token=token.pk, agency=token.name)  # fmt: skip
        return saved
