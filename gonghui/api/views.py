"""Pages: the API tokens of a cadre's subtree (issue, revoke) and the interactive API docs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from gonghui.api import selectors, services
from gonghui.api.base import NoSignInRedirect
from gonghui.api.forms import TokenForm
from gonghui.core.forms import save_if_valid
from gonghui.core.http import editor_required


@editor_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The tokens of the cadre's subtree, and the form to issue one (its secret shown once)."""
    form = TokenForm(request.POST or None, user=request.user)
    issued = save_if_valid(
        request, form, lambda: services.token_create(actor=request.user, **form.cleaned_data)
    )
    if issued is not None:
        # Rendered, not redirected: the secret must not travel in a URL or a session.
        form = TokenForm(user=request.user)
    tokens = selectors.token_list(user=request.user)
    response = render(
        request, "api/tokens.html", {"form": form, "tokens": tokens, "issued": issued}
    )
    if issued is not None:
        response["Cache-Control"] = "no-store"  # the page holds the secret
    return response


@require_POST
@editor_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_get(user=request.user, token_id=token_id)
    try:
        services.token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Token %(token)s revoked.") % {"token": token})
    return redirect("api:tokens")


def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over the schema, served from our own static files."""
    return render(request, "api/docs.html")


class NotFoundView(NoSignInRedirect, APIView):
    """Any other address under /api/v1/ (an id that is not a number, a misspelt path): the
    API's JSON 404, after the same authentication and rate limit, not the site's HTML page."""

    schema = None  # not an operation of the OpenAPI document

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound


class SchemaView(NoSignInRedirect, SpectacularAPIView):
    """The OpenAPI 3 document, for a signed-in user or a token."""
