"""The overview page: the signed-in user's subtree at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.orgs.selectors import user_root
from gonghui.overview.selectors import subtree_totals


def home(request: HttpRequest) -> HttpResponse:
    root = user_root(user=request.user)
    totals = subtree_totals(root) if root is not None else None
    return render(request, "overview/home.html", {"root": root, "totals": totals})
