"""The overview page: the signed-in user's subtree at a glance, and the way to its dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.orgs.selectors import user_root
from gonghui.overview.selectors import overview


def home(request: HttpRequest) -> HttpResponse:
    root = user_root(user=request.user)
    context: dict[str, object] = {"root": root}
    if root is not None:
        context["totals"], _children, board = overview(user=request.user, union=root)
        context["figures"] = board.node.figures
    return render(request, "overview/home.html", context)
